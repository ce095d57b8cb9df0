import { compareCodeUnits } from './compare.js'
import { becameAdmin } from './diff.js'
import {
  codeSpan,
  describeChange,
  escapeText,
  formatCount,
  formatDay,
  inlineCode,
  link,
  mermaidPie,
  mermaidXyChart,
  plural,
  table
} from './markdown.js'
import type { Report, ReportDiff, UserRecord } from './types.js'

export interface SummaryDestinations {
  readonly localCsv: string
  readonly localJson: string
  readonly s3Uri?: string
  readonly s3LatestUri?: string
  readonly artifactName?: string
  readonly artifactId?: string
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

export interface HistoryPoint {
  readonly generatedAt: string
  readonly users: number
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
}

/**
 * Every list is cut at this many rows, which keeps the summary far below GitHub's 1 MiB per step
 * even for 10,000 accounts: the full lists are in the CSV.
 */
const SUMMARY_ROWS = 50
/** A warning can quote an outside error message; one long message must not crowd out the rest. */
const WARNING_CHARS = 500

/** Markdown for the job summary, written by the caller with `core.summary.addRaw`. */
export function renderSummary(input: SummaryInput): string {
  const { report, diff } = input
  const accounts = tallyAccounts(report, diff)
  const userCols = ['Account', 'Account name', 'User']
  const sections = [
    renderHeadline(input, accounts.length),
    renderFailures(input.destinations.failures),
    renderTotals(input, accounts.length),
    renderCharts(input, accounts),
    listSection(
      'Accounts, most users first',
      ['Account', 'Name', 'Users', 'Admins', 'New'],
      accounts,
      a => [codeSpan(a.id), codeSpan(a.name), ...[a.users, a.admins, a.added].map(formatCount)]
    ),
    listSection(
      'Admin users',
      [...userCols, 'Admin because'],
      report.users.filter(u => u.is_admin),
      u => [...userCells(u), codeSpan(u.admin_reason)]
    ),
    listSection('New users', [...userCols, 'Created', 'Admin'], diff.added, u => [
      ...userCells(u),
      codeSpan(u.create_date),
      adminCell(u)
    ]),
    listSection('Removed users', [...userCols, 'Created', 'Was admin'], diff.removed, u => [
      ...userCells(u),
      codeSpan(u.create_date),
      adminCell(u)
    ]),
    listSection(
      'Changed users, new admins first',
      [...userCols, 'What changed'],
      diff.changed,
      c => [...userCells(c.after), describeChange(c)]
    ),
    ...renderCredentialSections(report),
    renderFiles(input),
    renderWarnings(input)
  ]
  return `${sections.filter(s => s !== '').join('\n\n')}\n`
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
      : `Since ${formatDay(diff.baselineGeneratedAt)}: **+${formatCount(diff.added.length)}** new, ` +
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
  const items = failures.map(f => `- ${escapeText(f)}`)
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

/** Bars for the largest accounts only: a chart of thousands of bars reads as noise. */
const CHART_ACCOUNTS = 15
/** A year of monthly reports, plus some room for manual runs. */
const CHART_HISTORY = 24

function renderCharts(
  { report, history = [] }: SummaryInput,
  accounts: readonly AccountTotals[]
): string {
  if (report.users.length === 0) return ''
  const admins = report.users.filter(u => u.is_admin).length
  const charts = [
    mermaidPie('Users by privilege', [
      ['Admin', admins],
      ['Not admin', report.users.length - admins]
    ])
  ]
  if (accounts.length > 1) {
    const top = accounts.slice(0, CHART_ACCOUNTS)
    const title =
      accounts.length > CHART_ACCOUNTS
        ? `Users in the ${CHART_ACCOUNTS} largest accounts`
        : 'Users per account'
    charts.push(
      mermaidXyChart(
        'bar',
        title,
        top.map(a => [a.name || a.id, a.users]),
        'Users'
      )
    )
  }
  const points = [
    ...history.filter(p => p.generatedAt !== report.generatedAt),
    { generatedAt: report.generatedAt, users: report.users.length }
  ]
    .sort((a, b) => compareCodeUnits(a.generatedAt, b.generatedAt))
    .slice(-CHART_HISTORY)
  if (points.length > 1) {
    charts.push(
      mermaidXyChart(
        'line',
        'Users over time',
        points.map(p => [formatDay(p.generatedAt), p.users]),
        'Users'
      )
    )
  }
  return charts.join('\n\n')
}

interface AccountTotals {
  readonly id: string
  readonly name: string
  users: number
  admins: number
  added: number
}

/** Accounts with users, most users first. */
function tallyAccounts(report: Report, diff: ReportDiff): AccountTotals[] {
  const accounts = new Map<string, AccountTotals>()
  for (const user of report.users) {
    let totals = accounts.get(user.account_id)
    if (totals === undefined) {
      totals = { id: user.account_id, name: user.account_name, users: 0, admins: 0, added: 0 }
      accounts.set(user.account_id, totals)
    }
    totals.users += 1
    if (user.is_admin) totals.admins += 1
  }
  for (const user of diff.added) {
    const totals = accounts.get(user.account_id)
    if (totals !== undefined) totals.added += 1
  }
  return [...accounts.values()].sort((a, b) => b.users - a.users || compareCodeUnits(a.id, b.id))
}

/** A table cut at SUMMARY_ROWS rows; an empty list renders nothing. */
function listSection<T>(
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

function renderFiles({ destinations: d, diff, baselineNote }: SummaryInput): string {
  const items = [
    `- CSV on the runner: ${inlineCode(d.localCsv)}`,
    `- JSON on the runner: ${inlineCode(d.localJson)}`
  ]
  if (d.s3Uri !== undefined) items.push(`- S3: ${inlineCode(d.s3Uri)}`)
  if (d.s3LatestUri !== undefined) items.push(`- S3 latest: ${inlineCode(d.s3LatestUri)}`)
  if (d.artifactName !== undefined) {
    const name =
      d.artifactUrl !== undefined ? link(d.artifactName, d.artifactUrl) : inlineCode(d.artifactName)
    items.push(
      `- Artifact: ${name}${d.artifactId !== undefined ? ` (id ${escapeText(d.artifactId)})` : ''}`
    )
  }
  if (d.issueUrl !== undefined) items.push(`- Issue: ${link(d.issueUrl, d.issueUrl)}`)
  if (diff.baselineGeneratedAt !== null && baselineNote !== undefined) {
    items.push(`- Baseline: ${escapeText(baselineNote)}`)
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
  const shown = stats.warnings.slice(0, SUMMARY_ROWS).map(shorten)
  const items = [...notes, ...shown].map(n => `- ${escapeText(n)}`)
  if (stats.warnings.length > SUMMARY_ROWS) {
    items.push(
      `- \u2026 and ${formatCount(stats.warnings.length - SUMMARY_ROWS)} more warnings in the log`
    )
  }
  return items.length === 0 ? '' : ['### Warnings', '', ...items].join('\n')
}

/** With the credential-report enrichment: who is stale, who signs in without MFA, what failed. */
function renderCredentialSections(report: Report): string[] {
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

function userCells(user: UserRecord): string[] {
  return [codeSpan(user.account_id), codeSpan(user.account_name), codeSpan(user.user_name)]
}

function adminCell(user: UserRecord): string {
  return user.is_admin ? `yes: ${codeSpan(user.admin_reason)}` : 'no'
}

function shorten(text: string): string {
  return text.length > WARNING_CHARS ? `${text.slice(0, WARNING_CHARS - 1)}\u2026` : text
}
