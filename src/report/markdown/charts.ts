// The job summary's charts. Each says something no table says, or it is not drawn: which accounts
// hold the most admins (the accounts table ranks them by users, the admins table lists people),
// and how the number of users moved over time. A pie of admins against the rest would repeat two
// numbers of the headline, and bars of users per account the accounts table: neither is drawn.
import { compareCodeUnits } from '../compare.js'
import { formatDay, mermaidLabel, mermaidXyChart } from './markdown.js'
import type { Report, ReportDiff } from '../types.js'

export interface HistoryPoint {
  readonly generatedAt: string
  readonly users: number
}

/** Bars for the accounts with most admins only: a chart of thousands of bars reads as noise. */
const CHART_ACCOUNTS = 15
/** A year of monthly reports, plus some room for manual runs. */
const CHART_HISTORY = 24
/** An account's name is cut to this much when its id follows: both fit mermaidLabel's 30. */
const NAME_BEFORE_ID = 17

export function renderCharts(
  report: Report,
  history: readonly HistoryPoint[],
  accounts: readonly AccountTotals[]
): string {
  return [adminsPerAccount(accounts), usersOverTime(report, history)]
    .filter(chart => chart !== '')
    .join('\n\n')
}

/** Drawn when admins sit in two accounts or more: for one, the headline says it all. */
function adminsPerAccount(accounts: readonly AccountTotals[]): string {
  const withAdmins = accounts
    .filter(a => a.admins > 0)
    .sort((a, b) => b.admins - a.admins || compareCodeUnits(a.id, b.id))
  if (withAdmins.length < 2) return ''
  const top = withAdmins.slice(0, CHART_ACCOUNTS)
  const title =
    withAdmins.length > CHART_ACCOUNTS
      ? `Admins in the ${CHART_ACCOUNTS} accounts with most`
      : 'Admins per account'
  const labels = uniqueLabels(top.map(accountLabels))
  return mermaidXyChart(
    'bar',
    title,
    top.map((a, i) => [labels[i], a.admins]),
    'Admins'
  )
}

/** An account's name, or with its id when the name is empty or another account's shows the same. */
function accountLabels(account: AccountTotals): LabelChoice {
  const name = mermaidLabel(account.name)
  const id = mermaidLabel(account.id)
  if (name === '?') return { label: id, fallback: id }
  return {
    label: name,
    fallback: mermaidLabel(`${mermaidLabel(account.name, NAME_BEFORE_ID)} ${id}`)
  }
}

/** Drawn from two reports or more: a single point is the headline's number again. */
function usersOverTime(report: Report, history: readonly HistoryPoint[]): string {
  const points = [
    ...history.filter(p => p.generatedAt !== report.generatedAt),
    { generatedAt: report.generatedAt, users: report.users.length }
  ]
    .sort((a, b) => compareCodeUnits(a.generatedAt, b.generatedAt))
    .slice(-CHART_HISTORY)
  if (points.length < 2) return ''
  const labels = uniqueLabels(points.map(p => dayLabels(p.generatedAt)))
  return mermaidXyChart(
    'line',
    'Users over time',
    points.map((p, i) => [labels[i], p.users]),
    'Users'
  )
}

/** The day, or the day and time (`:` is not allowed in a label) when two reports share a day. */
function dayLabels(generatedAt: string): LabelChoice {
  const day = mermaidLabel(formatDay(generatedAt))
  const date = new Date(generatedAt)
  if (Number.isNaN(date.getTime())) return { label: day, fallback: day }
  const time = date.toISOString().slice(11, 19).replaceAll(':', '.')
  return { label: day, fallback: mermaidLabel(`${day} ${time}`) }
}

/** Both are mermaidLabels already, so what is compared is what the chart shows. */
interface LabelChoice {
  readonly label: string
  /** Longer, used when the label is not unique. */
  readonly fallback: string
}

/**
 * Mermaid draws one bar or point per distinct label, so two accounts whose names read the same
 * once sanitised would merge into one bar. Every label shown twice takes its fallback. If one
 * still repeats (a name planted to read like another account's fallback), every label is
 * numbered by position, which no two share.
 */
function uniqueLabels(choices: readonly LabelChoice[]): string[] {
  const first = choices.map(c => c.label)
  const repeated = repeatedLabels(first)
  if (repeated.size === 0) return first
  const second = choices.map(c => (repeated.has(c.label) ? c.fallback : c.label))
  if (repeatedLabels(second).size === 0) return second
  return second.map((label, i) => mermaidLabel(`${i + 1} ${label}`))
}

function repeatedLabels(labels: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const label of labels) (seen.has(label) ? repeated : seen).add(label)
  return repeated
}

export interface AccountTotals {
  readonly id: string
  readonly name: string
  users: number
  admins: number
  added: number
}

/** Accounts with users, most users first. */
export function tallyAccounts(report: Report, diff: ReportDiff): AccountTotals[] {
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
