// The job summary's tables: accounts, admins, what changed since the baseline, and what the
// credential reports say. The full lists are in the CSV.
import { codeSpan, escapeText, formatCount, shorten } from './markdown.js'
import type { AccountTotals } from './charts.js'
import { tableSection, type TableSection } from './tables.js'
import {
  USER_COLUMNS,
  changedCells,
  credentialTables,
  newOrRemovedCells,
  userCells
} from './user-rows.js'
import type { Coverage } from '../coverage.js'
import type { Report, ReportDiff } from '../types.js'
import { lostAccountsTable, uncoveredAccountsTable } from './coverage-tables.js'

/** Every list is cut at this many rows, to stay readable. */
export const SUMMARY_ROWS = 50
/** Outside messages (warnings, failures, errors) are cut here: one must not crowd out the rest. */
export const MESSAGE_CHARS = 500

/** The tables that have rows, each cut at SUMMARY_ROWS. */
export function summaryTables(
  report: Report,
  diff: ReportDiff,
  accounts: readonly AccountTotals[],
  coverage?: Coverage
): TableSection[] {
  return [
    lostAccountsTable(coverage, SUMMARY_ROWS),
    uncoveredAccountsTable(coverage, SUMMARY_ROWS),
    tableSection(
      'Accounts, most users first',
      ['Account', 'Name', 'Users', 'Admins', 'New'],
      accounts,
      a => [codeSpan(a.id), codeSpan(a.name), ...[a.users, a.admins, a.added].map(formatCount)],
      SUMMARY_ROWS
    ),
    tableSection(
      'Admin users',
      [...USER_COLUMNS, 'Admin because'],
      report.users.filter(u => u.is_admin),
      u => [...userCells(u), codeSpan(u.admin_reason)],
      SUMMARY_ROWS
    ),
    tableSection(
      'New users',
      [...USER_COLUMNS, 'Created', 'Admin'],
      diff.added,
      u => newOrRemovedCells(u),
      SUMMARY_ROWS
    ),
    tableSection(
      'Removed users',
      [...USER_COLUMNS, 'Created', 'Was admin'],
      diff.removed,
      u => newOrRemovedCells(u),
      SUMMARY_ROWS
    ),
    tableSection(
      'Changed users, new admins first',
      [...USER_COLUMNS, 'What changed'],
      diff.changed,
      changedCells,
      SUMMARY_ROWS
    ),
    ...credentialTables(report, SUMMARY_ROWS),
    failedCredentialReports(report)
  ].filter(t => t.total > 0)
}

function failedCredentialReports(report: Report): TableSection {
  return tableSection(
    'Accounts without a credential report',
    ['Account', 'Reason'],
    report.credentialReports?.failedAccounts ?? [],
    f => [codeSpan(f.accountId), escapeText(shorten(f.reason, MESSAGE_CHARS))],
    SUMMARY_ROWS
  )
}
