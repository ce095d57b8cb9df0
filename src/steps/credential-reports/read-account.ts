import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { CredentialReportApi } from '../../aws/iam.js'
import { renewingCredentials } from '../../aws/renewing-credentials.js'
import { assumeMemberRole } from '../../aws/sts.js'
import {
  AwsQueryError,
  describeError,
  errorCode,
  errorMessage,
  hasCode,
  isAccessDenied,
  isExpected,
  isRetryable
} from '../../errors.js'
import { parseCredentialReport, type CredentialRow } from '../../report/credential-report.js'
import { withRetry } from '../../retry.js'

/** What reading one account needs; the same for every account of a run. */
export interface AccountReader {
  readonly sts: Pick<STSClient, 'send'>
  readonly createIam: (credentials: AwsCredentialIdentityProvider) => CredentialReportApi
  /** How long IAM may take to generate one account's report. */
  readonly timeoutMs: number
  readonly sleep: (ms: number) => Promise<void>
  readonly now: () => number
  readonly log?: (message: string) => void
}

const FIRST_POLL_MS = 1_000
const MAX_POLL_MS = 8_000

// IAM generates the report asynchronously and allows few generations at a time. The SDK names
// the errors after the model (`CredentialReportNotReadyException`) and keeps IAM's code in `Code`
// (`ReportInProgress`); match both. NotPresent/Expired mean: ask IAM to generate again.
const REPORT_NOT_READY = [
  'ReportInProgress',
  'CredentialReportNotReadyException',
  'ReportNotPresent',
  'CredentialReportNotPresentException',
  'ReportExpired',
  'CredentialReportExpiredException',
  'LimitExceeded',
  'LimitExceededException'
]

/** GenerateCredentialReport answered a state other than COMPLETE: IAM is still writing it. */
class ReportPending extends Error {
  override name = 'ReportPending'
  constructor(readonly state: string) {
    super(`credential report ${state}`)
  }
}

const isNotReady = (error: unknown): boolean =>
  error instanceof ReportPending || hasCode(error, ...REPORT_NOT_READY) || isRetryable(error)

/** IAM's last word, for the log and the timeout: the report's state or the error's code. */
const lastAnswer = (error: unknown): string =>
  error instanceof ReportPending ? error.state : errorCode(error)

/**
 * Assumes the member role and reads its account's credential report: user ARN → row, or the
 * reason the account yielded none. Never throws: a failing account is a reason, not an abort.
 * The member session renews itself when the report takes longer than the session.
 */
export async function readAccountReport(
  roleArn: string,
  reader: AccountReader
): Promise<Map<string, CredentialRow> | string> {
  // Member credentials live only in this frame and in the IAM client. No log line or reason is
  // built from them, and any error text is scrubbed of every session's before it leaves.
  const secrets: string[] = []
  try {
    const credentials = renewingCredentials(async () => {
      const c = await assumeMemberRole(reader.sts, roleArn, {
        sleep: reader.sleep,
        log: reader.log
      })
      secrets.push(c.accessKeyId, c.secretAccessKey, c.sessionToken ?? '')
      return c
    })
    // The first session now: a role that cannot be assumed is the reason, and IAM is not asked.
    await credentials()
    const iam = reader.createIam(credentials)
    try {
      const content = await pollReport(iam, roleArn, reader)
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
  reader: AccountReader
): Promise<Uint8Array> {
  const label = `Credential report for ${roleArn.split(':')[4]}`
  try {
    return await withRetry(
      async () => {
        const { State = '' } = await iam.generate()
        if (State !== 'COMPLETE') throw new ReportPending(State)
        const { Content } = await iam.get()
        if (!Content?.length) throw new AwsQueryError('IAM returned an empty credential report')
        return Content
      },
      {
        label,
        // Bounded by the time IAM may take, not by a count of answers.
        maxAttempts: Infinity,
        maxElapsedMs: reader.timeoutMs,
        baseDelayMs: FIRST_POLL_MS,
        maxDelayMs: MAX_POLL_MS,
        // Each account waits on its own report: there is no crowd of callers to spread apart.
        jitter: false,
        shouldRetry: isNotReady,
        describeRetry: (error, delay) => `${label}: ${lastAnswer(error)}; next try in ${delay} ms`,
        sleep: reader.sleep,
        now: reader.now,
        log: reader.log
      }
    )
  } catch (error) {
    if (isAccessDenied(error))
      throw new AwsQueryError(
        `role ${roleArn} may not read the credential report: allow iam:GenerateCredentialReport and iam:GetCredentialReport`
      )
    // Only the deadline ends the polling on a not-ready answer.
    if (isNotReady(error))
      throw new AwsQueryError(
        `credential report not ready within ${Math.round(reader.timeoutMs / 1000)} s (last answer: ${lastAnswer(error)})`
      )
    throw error
  }
}

/** One line, bounded, and without any of the member role's credentials. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret) out = out.split(secret).join('***')
  out = out.replace(/\s+/g, ' ').trim()
  return out.length > 300 ? `${out.slice(0, 299)}…` : out
}
