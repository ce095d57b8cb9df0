import { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import { mapConcurrently } from '../concurrency.js'
import {
  AwsQueryError,
  describeError,
  errorCode,
  hasCode,
  errorMessage,
  httpStatus,
  isAccessDenied,
  isExpected
} from '../errors.js'
import { parseCredentialReport, type CredentialRow } from '../report/credential-report.js'
import { sleep as realSleep } from '../retry.js'
import { createIamCredentialReportApi } from './iam.js'
import { assumeMemberRole } from './member-role.js'

/** The two IAM calls the enrichment needs, for one member account. */
export interface CredentialReportApi {
  generate(): Promise<{ State?: string }>
  /** `Content` is the CSV; the SDK has already decoded IAM's base64. */
  get(): Promise<{ Content?: Uint8Array; GeneratedTime?: Date }>
  destroy?(): void
}

export interface CredentialReportDeps {
  readonly sts?: Pick<STSClient, 'send'>
  readonly createIam?: (credentials: AwsCredentialIdentity) => CredentialReportApi
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
  readonly log?: (message: string) => void
}

export interface CredentialReportRequest {
  readonly accountIds: readonly string[]
  /** Name (optionally with path) of the role deployed in every member account. */
  readonly roleName: string
  readonly partition: string
  /** The action's own credentials; undefined means the SDK's default chain. */
  readonly sourceCredentials: AwsCredentialIdentity | undefined
  readonly region: string
  readonly concurrency: number
  /** Per account: how long IAM may take to generate the report (default 300 000). */
  readonly timeoutMs?: number
  readonly deps?: CredentialReportDeps
}

export interface CredentialReports {
  /** account id → user ARN → row; accounts in id order. */
  readonly byAccount: Map<string, Map<string, CredentialRow>>
  /** One line per account that yielded no report, in id order. */
  readonly failures: { accountId: string; reason: string }[]
}

// Well inside the member role's 900 s session.
const DEFAULT_TIMEOUT_MS = 300_000
const FIRST_POLL_MS = 1_000
const MAX_POLL_MS = 8_000

// IAM generates the report asynchronously and allows few generations at a time. The SDK names
// the errors after the model (`CredentialReportNotReadyException`) and keeps IAM's code in `Code`
// (`ReportInProgress`); match both. NotPresent/Expired mean: ask IAM to generate again.
const NOT_READY = [
  'ReportInProgress',
  'CredentialReportNotReadyException',
  'ReportNotPresent',
  'CredentialReportNotPresentException',
  'ReportExpired',
  'CredentialReportExpiredException',
  'LimitExceeded',
  'LimitExceededException',
  'Throttling',
  'ThrottlingException'
]

const isNotReady = (error: unknown) =>
  hasCode(error, ...NOT_READY) || (httpStatus(error) ?? 0) >= 500

type Ctx = Required<Omit<CredentialReportDeps, 'log'>> & Pick<CredentialReportDeps, 'log'>

/** Assumes the member role in every account and reads its credential report; never throws per account. */
export async function collectCredentialReports(
  request: CredentialReportRequest
): Promise<CredentialReports> {
  const deps = request.deps ?? {}
  const ownSts = deps.sts
    ? undefined
    : new STSClient({
        region: request.region,
        maxAttempts: 1,
        ...(request.sourceCredentials ? { credentials: request.sourceCredentials } : {})
      })
  const ctx: Ctx = {
    sts: deps.sts ?? ownSts!,
    createIam: deps.createIam ?? (c => createIamCredentialReportApi(request.region, c)),
    sleep: deps.sleep ?? realSleep,
    now: deps.now ?? Date.now,
    log: deps.log
  }
  const ids = [...new Set(request.accountIds)].sort()
  let outcomes: (Map<string, CredentialRow> | string)[]
  try {
    // collectAccount never throws: a failing account is a reason, not an abort.
    outcomes = await mapConcurrently(ids, request.concurrency, id =>
      collectAccount(id, request, ctx)
    )
  } finally {
    ownSts?.destroy()
  }
  const result: CredentialReports = { byAccount: new Map(), failures: [] }
  ids.forEach((id, i) => {
    const outcome = outcomes[i] as Map<string, CredentialRow> | string
    if (typeof outcome === 'string') result.failures.push({ accountId: id, reason: outcome })
    else result.byAccount.set(id, outcome)
  })
  return result
}

async function collectAccount(
  accountId: string,
  request: CredentialReportRequest,
  ctx: Ctx
): Promise<Map<string, CredentialRow> | string> {
  const roleArn = `arn:${request.partition}:iam::${accountId}:role/${request.roleName}`
  // Member credentials live only in this frame and in the IAM client. No log line or reason is
  // built from them, and any error text is scrubbed of them before it leaves.
  let secrets: string[] = []
  try {
    const credentials = await assumeMemberRole(ctx.sts, roleArn, { sleep: ctx.sleep, log: ctx.log })
    secrets = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? '']
    const iam = ctx.createIam(credentials)
    try {
      const content = await pollReport(iam, roleArn, request.timeoutMs ?? DEFAULT_TIMEOUT_MS, ctx)
      const rows = parseCredentialReport(new TextDecoder().decode(content))
      return new Map(rows.map(row => [row.arn, row]))
    } finally {
      iam.destroy?.()
    }
  } catch (error) {
    // Our own errors already say what to do; anything else is IAM's or the parser's words.
    const reason = isExpected(error)
      ? errorMessage(error)
      : `credential report failed: ${describeError(error)}`
    return scrub(reason, secrets)
  }
}

/** GenerateCredentialReport until COMPLETE (waiting out not-ready answers), then GetCredentialReport. */
async function pollReport(
  iam: CredentialReportApi,
  roleArn: string,
  timeoutMs: number,
  ctx: Ctx
): Promise<Uint8Array> {
  const deadline = ctx.now() + timeoutMs
  for (let attempt = 0; ; attempt++) {
    let last: string
    try {
      last = (await iam.generate()).State ?? ''
      if (last === 'COMPLETE') {
        const { Content } = await iam.get()
        if (!Content?.length) throw new AwsQueryError('IAM returned an empty credential report')
        return Content
      }
    } catch (error) {
      if (isAccessDenied(error))
        throw new AwsQueryError(
          `role ${roleArn} may not read the credential report: allow iam:GenerateCredentialReport and iam:GetCredentialReport`
        )
      if (!isNotReady(error)) throw error
      last = errorCode(error)
    }
    const delay = Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** attempt)
    if (ctx.now() + delay > deadline)
      throw new AwsQueryError(
        `credential report not ready within ${Math.round(timeoutMs / 1000)} s (last answer: ${last})`
      )
    ctx.log?.(`Credential report for ${roleArn.split(':')[4]}: ${last}; next try in ${delay} ms`)
    await ctx.sleep(delay)
  }
}

/** One line, bounded, and without any of the member role's credentials. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret) out = out.split(secret).join('***')
  out = out.replace(/\s+/g, ' ').trim()
  return out.length > 300 ? `${out.slice(0, 299)}…` : out
}
