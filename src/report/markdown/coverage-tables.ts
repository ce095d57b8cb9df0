// The accounts the aggregator holds no IAM data for, in the summary and the issue.
import type { Coverage } from '../coverage.js'
import { codeSpan, escapeText, formatCount } from './markdown.js'
import { tableSection, type TableSection } from './tables.js'

/** Accounts that had users at the baseline and have no IAM data now: not counted as removed. */
export function lostAccountsTable(coverage: Coverage | undefined, maxRows?: number): TableSection {
  return tableSection(
    'No data this month',
    ['Account', 'Name', 'Users at the last report'],
    coverage?.lost ?? [],
    a => [codeSpan(a.id), codeSpan(a.name), formatCount(a.baselineUsers)],
    maxRows
  )
}

/** ACTIVE accounts of the organization with no IAM resource of any type in the aggregator. */
export function uncoveredAccountsTable(
  coverage: Coverage | undefined,
  maxRows?: number
): TableSection {
  return tableSection(
    'Accounts with no IAM data in the aggregator',
    ['Account', 'Name', 'Likely cause'],
    coverage?.uncovered ?? [],
    a => [codeSpan(a.id), codeSpan(a.name), escapeText(a.cause)],
    maxRows
  )
}
