import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { createIamCredentialReportApi, type CredentialReportApi } from '../aws/iam.js'
import { createStsClient } from '../aws/sts.js'
import { mapConcurrently } from '../concurrency.js'
import { AwsQueryError } from '../errors.js'
import { enrichReport, type CredentialRow } from '../report/credential-report.js'
import type { Report } from '../report/types.js'
import { sleep } from '../retry.js'
import { readAccountReport } from './credential-reports/read-account.js'

/** Accounts read at once: each waits on IAM to generate its report, not on us. */
const CONCURRENCY = 8
// IAM takes seconds per report: five minutes means it is stuck, not slow.
const DEFAULT_TIMEOUT_MS = 300_000

interface CredentialReportDeps {
  readonly sts?: Pick<STSClient, 'send'>
  readonly createIam?: (credentials: AwsCredentialIdentityProvider) => CredentialReportApi
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
  readonly sourceCredentials: AwsCredentialIdentityProvider | undefined
  readonly region: string
  readonly concurrency: number
  /** Per account: how long IAM may take to generate the report (default 300 000). */
  readonly timeoutMs?: number
  readonly deps?: CredentialReportDeps
}

interface CredentialReports {
  /** account id → user ARN → row; accounts in id order. */
  readonly byAccount: Map<string, Map<string, CredentialRow>>
  /** One line per account that yielded no report, in id order. */
  readonly failures: { accountId: string; reason: string }[]
}

/**
 * The partition of the users' own ARNs (aws, aws-cn, aws-us-gov, aws-iso…): the member roles
 * live in the same one, whatever the region's name says.
 */
export function partitionOf(report: Report): string {
  return report.users[0]?.arn.split(':')[1] || 'aws'
}

/**
 * Adds MFA, password and access-key use from each account's credential report. An account that
 * yields none is a warning and keeps empty columns; only when none at all succeeded does the
 * step fail, since then the role or its deployment is wrong, not one account.
 */
export async function addCredentialReports(
  report: Report,
  opts: {
    roleName: string
    staleDays: number
    region: string
    credentials: AwsCredentialIdentityProvider | undefined
    warn: (message: string) => void
    log: (message: string) => void
  }
): Promise<Report> {
  const accountIds = new Set(report.users.map(u => u.account_id))
  if (accountIds.size === 0)
    return enrichReport(report, new Map(), { staleDays: opts.staleDays, failedAccounts: [] })
  const partition = partitionOf(report)
  opts.log(
    `Reading the credential reports of ${accountIds.size} account(s) through role '${opts.roleName}'`
  )
  const { byAccount, failures } = await collectCredentialReports({
    accountIds: [...accountIds],
    roleName: opts.roleName,
    partition,
    sourceCredentials: opts.credentials,
    region: opts.region,
    concurrency: CONCURRENCY,
    deps: { log: opts.log }
  })
  for (const f of failures)
    opts.warn(`No credential report for account ${f.accountId}: ${f.reason}`)
  if (byAccount.size === 0) {
    throw new AwsQueryError(
      `No account's credential report could be read through role '${opts.roleName}' (${failures[0]?.reason ?? 'no reason given'}): deploy deploy/member-role.yaml to the member accounts, and allow sts:AssumeRole on arn:${partition}:iam::*:role/${opts.roleName} for this role — or leave member-role-name empty.`
    )
  }
  opts.log(`Credential reports read for ${byAccount.size} of ${accountIds.size} account(s)`)
  return enrichReport(report, byAccount, { staleDays: opts.staleDays, failedAccounts: failures })
}

/** Assumes the member role in every account and reads its credential report; never throws per account. */
export async function collectCredentialReports(
  request: CredentialReportRequest
): Promise<CredentialReports> {
  const deps = request.deps ?? {}
  const ownSts = deps.sts ? undefined : createStsClient(request.region, request.sourceCredentials)
  const reader = {
    sts: deps.sts ?? ownSts!,
    createIam:
      deps.createIam ??
      ((c: AwsCredentialIdentityProvider) => createIamCredentialReportApi(request.region, c)),
    timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    sleep: deps.sleep ?? sleep,
    now: deps.now ?? Date.now,
    log: deps.log
  }
  const ids = [...new Set(request.accountIds)].sort()
  let outcomes: (Map<string, CredentialRow> | string)[]
  try {
    // readAccountReport never throws: a failing account is a reason, not an abort.
    outcomes = await mapConcurrently(ids, request.concurrency, id =>
      readAccountReport(`arn:${request.partition}:iam::${id}:role/${request.roleName}`, reader)
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
