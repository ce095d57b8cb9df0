import type { AwsCredentialIdentity } from '@smithy/types'
import { collectCredentialReports } from '../aws/credential-reports.js'
import { AwsQueryError } from '../errors.js'
import { enrichReport } from '../report/credential-report.js'
import type { Report } from '../report/types.js'

/** Accounts read at once: each waits on IAM to generate its report, not on us. */
const CONCURRENCY = 8

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
    credentials: AwsCredentialIdentity | undefined
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
