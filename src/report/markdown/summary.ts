// The job summary: the verdict first, then totals, charts and tables, where the files went and
// what to look into.
import { becameAdmin } from '../diff.js'
import {
  escapeText,
  formatCount,
  formatDay,
  inlineCode,
  link,
  plural,
  shorten,
  table
} from './markdown.js'
import { renderCharts, tallyAccounts, type HistoryPoint } from './charts.js'
import { SUMMARY_ROWS, MESSAGE_CHARS, summaryTables } from './summary-tables.js'
import { fitTables, joinedSize } from './tables.js'
import type { Coverage } from '../coverage.js'
import type { Report, ReportDiff } from '../types.js'

/** GitHub drops a summary over 1 MiB (1,048,576 bytes) per step whole; this keeps a margin. */
const SUMMARY_BUDGET = 1_000_000

export interface SummaryDestinations {
  readonly localCsv: string
  readonly localJson: string
  readonly s3Uri?: string
  /** latest.json, which moves after the summary is written when nothing failed. */
  readonly s3LatestUri?: string
  readonly artifactName?: string
  readonly artifactId?: string
  /** The artifact's page, `<run url>/artifacts/<id>`: the summary links the name to it. */
  readonly artifactUrl?: string
  readonly issueUrl?: string
  readonly failures: readonly string[]
}

export interface SummaryStats {
  /** AWS Config result pages read. */
  readonly pages: number
  /** Config items of deleted resources, skipped. */
  readonly deletedItems: number
  /** Groups named by a user but absent from Config: their policies are missing from the report. */
  readonly missingGroups: number
  readonly warnings: readonly string[]
  readonly accountNamesAvailable: boolean
}

export interface SummaryInput {
  readonly report: Report
  readonly diff: ReportDiff
  readonly destinations: SummaryDestinations
  readonly stats: SummaryStats
  /** Where the baseline came from, or why there is none (artifacts expire after 90 days). */
  readonly baselineNote?: string
  /** User totals of earlier reports; the current report is added as the newest point. */
  readonly history?: readonly HistoryPoint[]
  /** Accounts without IAM data in the aggregator, and those that lost it since the baseline. */
  readonly coverage?: Coverage
}

/** Markdown for the job summary, written by the caller with `core.summary.addRaw`. */
export function renderSummary(input: SummaryInput): string {
  const { report, diff } = input
  const accounts = tallyAccounts(report, diff)
  const top = [
    renderHeadline(input, accounts.length),
    renderFailures(input.destinations.failures),
    renderTotals(input, accounts.length),
    renderCharts(report, input.history ?? [], accounts)
  ].filter(s => s !== '')
  const bottom = [renderFiles(input), renderWarnings(input)].filter(s => s !== '')
  const room = SUMMARY_BUDGET - joinedSize([...top, ...bottom], utf8Bytes)
  const tables = fitTables(
    summaryTables(report, diff, accounts, input.coverage),
    room,
    utf8Bytes,
    'in the CSV'
  )
  return `${[...top, ...tables, ...bottom].join('\n\n')}\n`
}

/** GitHub counts the summary in bytes. */
function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

function renderHeadline({ report, diff }: SummaryInput, accountCount: number): string {
  const admins = report.users.filter(u => u.is_admin).length
  const source =
    report.source.aggregator === null
      ? `this account's AWS Config in ${inlineCode(report.source.region)}`
      : `aggregator ${inlineCode(report.source.aggregator)} in ${inlineCode(report.source.region)}`
  const comparison =
    diff.baselineGeneratedAt === null
      ? 'First report: nothing to compare with.'
      : `Since ${escapeText(formatDay(diff.baselineGeneratedAt))}: **+${formatCount(diff.added.length)}** new, ` +
        `**\u2212${formatCount(diff.removed.length)}** removed, **~${formatCount(diff.changed.length)}** changed.`
  return [
    '## IAM user report',
    `**${plural(report.users.length, 'user')}** in **${plural(accountCount, 'account')}**, ` +
      `**${plural(admins, 'admin')}**. ${comparison}`,
    `Generated ${report.generatedAt} from ${source}.`
  ].join('\n\n')
}

function renderFailures(failures: readonly string[]): string {
  if (failures.length === 0) return ''
  const items = failures.map(f => `- ${escapeText(shorten(f, MESSAGE_CHARS))}`)
  return ['### Failed', '', 'The step fails because of these:', '', ...items].join('\n')
}

function renderTotals({ report, diff, stats }: SummaryInput, accountCount: number): string {
  const rows: [string, number][] = [
    ['Users', report.users.length],
    ['Accounts with users', accountCount],
    ['Admins', report.users.filter(u => u.is_admin).length]
  ]
  if (diff.baselineGeneratedAt !== null) {
    rows.push(
      ['New users', diff.added.length],
      ['Removed users', diff.removed.length],
      ['Changed users', diff.changed.length],
      ['Became admin', diff.changed.filter(becameAdmin).length]
    )
  }
  rows.push(
    ['AWS Config pages read', stats.pages],
    ['Deleted items skipped', stats.deletedItems],
    ['Groups not found', stats.missingGroups]
  )
  return table(
    ['Total', 'Count'],
    rows.map(([name, n]) => [name, formatCount(n)])
  )
}

function renderFiles({ destinations: d, diff, baselineNote }: SummaryInput): string {
  const items = [
    `- CSV on the runner: ${inlineCode(d.localCsv)}`,
    `- JSON on the runner: ${inlineCode(d.localJson)}`
  ]
  if (d.s3Uri !== undefined) items.push(`- S3: ${inlineCode(d.s3Uri)}`)
  if (d.s3LatestUri !== undefined)
    items.push(`- S3 latest, moved next: ${inlineCode(d.s3LatestUri)}`)
  if (d.artifactName !== undefined) {
    const name =
      d.artifactUrl !== undefined ? link(d.artifactName, d.artifactUrl) : inlineCode(d.artifactName)
    items.push(
      `- Artifact: ${name}${d.artifactId !== undefined ? ` (id ${escapeText(d.artifactId)})` : ''}`
    )
  }
  if (d.issueUrl !== undefined) items.push(`- Issue: ${link(d.issueUrl, d.issueUrl)}`)
  if (diff.baselineGeneratedAt !== null && baselineNote !== undefined) {
    items.push(`- Baseline: ${escapeText(shorten(baselineNote, MESSAGE_CHARS))}`)
  }
  return ['### Files', '', ...items].join('\n')
}

function renderWarnings({ diff, stats, baselineNote }: SummaryInput): string {
  const notes: string[] = []
  if (diff.baselineGeneratedAt === null && baselineNote !== undefined) notes.push(baselineNote)
  if (!stats.accountNamesAvailable) {
    notes.push('Account names are missing: Organizations ListAccounts was not allowed.')
  }
  if (stats.missingGroups > 0) {
    notes.push(
      `${plural(stats.missingGroups, 'group')} named by users ${stats.missingGroups === 1 ? 'was' : 'were'} not found in AWS Config: ` +
        'their policies are missing from the report, and an admin granted through them may be missed.'
    )
  }
  const shown = stats.warnings.slice(0, SUMMARY_ROWS)
  const items = [...notes, ...shown].map(n => `- ${escapeText(shorten(n, MESSAGE_CHARS))}`)
  if (stats.warnings.length > SUMMARY_ROWS) {
    items.push(
      `- \u2026 and ${formatCount(stats.warnings.length - SUMMARY_ROWS)} more warnings in the log`
    )
  }
  return items.length === 0 ? '' : ['### Warnings', '', ...items].join('\n')
}
