import { enrichmentFor, type CredentialRow } from './credential-report.js'
import type { CredentialReportInfo, Report } from './types.js'

/**
 * Adds each user's credential-report row, matched by ARN within the account. Users of an account
 * whose report failed, or created after IAM made the report (it is reused for up to 4 hours),
 * keep no enrichment: their columns stay empty.
 */
export function enrichReport(
  report: Report,
  byAccount: ReadonlyMap<string, ReadonlyMap<string, CredentialRow>>,
  info: CredentialReportInfo
): Report {
  const now = new Date(report.generatedAt)
  const users = report.users.map(user => {
    const row = byAccount.get(user.account_id)?.get(user.arn)
    return row
      ? { ...user, enrichment: enrichmentFor(row, user.create_date, now, info.staleDays) }
      : user
  })
  return { ...report, users, credentialReports: info }
}
