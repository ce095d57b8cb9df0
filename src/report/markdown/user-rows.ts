// The job summary's tables of users, cut to a readable length.
import { codeSpan, escapeText, formatCount, table } from './markdown.js'
import type { Report, UserRecord } from '../types.js'

/**
 * Every list is cut at this many rows, which keeps the summary far below GitHub's 1 MiB per step
 * even for 10,000 accounts: the full lists are in the CSV.
 */
export const SUMMARY_ROWS = 50
/** A warning can quote an outside error message; one long message must not crowd out the rest. */
const WARNING_CHARS = 500

/** A table cut at SUMMARY_ROWS rows; an empty list renders nothing. */
export function listSection<T>(
  title: string,
  headers: readonly string[],
  items: readonly T[],
  toCells: (item: T) => string[]
): string {
  if (items.length === 0) return ''
  const rows = items.slice(0, SUMMARY_ROWS).map(toCells)
  if (items.length > SUMMARY_ROWS) {
    rows.push([`\u2026 and ${formatCount(items.length - SUMMARY_ROWS)} more in the CSV`])
  }
  return `### ${title} (${formatCount(items.length)})\n\n${table(headers, rows)}`
}

/** With the credential-report enrichment: who is stale, who signs in without MFA, what failed. */
export function renderCredentialSections(report: Report): string[] {
  const info = report.credentialReports
  if (info === undefined) return []
  const userCols = ['Account', 'Account name', 'User']
  const never = (iso: string) => (iso === '' ? 'never' : codeSpan(iso))
  return [
    listSection(
      `Stale users: no activity for more than ${formatCount(info.staleDays)} days`,
      [...userCols, 'Last activity', 'Days inactive'],
      report.users.filter(u => u.enrichment?.stale),
      u => [
        ...userCells(u),
        never(u.enrichment!.last_activity),
        formatCount(u.enrichment!.days_inactive)
      ]
    ),
    listSection(
      'Console users without MFA',
      [...userCols, 'Password last used'],
      report.users.filter(u => u.enrichment?.console_without_mfa),
      u => [...userCells(u), never(u.enrichment!.password_last_used)]
    ),
    listSection(
      'Accounts without a credential report',
      ['Account', 'Reason'],
      info.failedAccounts,
      f => [codeSpan(f.accountId), escapeText(shorten(f.reason))]
    )
  ]
}

export function userCells(user: UserRecord): string[] {
  return [codeSpan(user.account_id), codeSpan(user.account_name), codeSpan(user.user_name)]
}

export function adminCell(user: UserRecord): string {
  return user.is_admin ? `yes: ${codeSpan(user.admin_reason)}` : 'no'
}

export function shorten(text: string): string {
  return text.length > WARNING_CHARS ? `${text.slice(0, WARNING_CHARS - 1)}\u2026` : text
}
