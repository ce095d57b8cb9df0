// The job summary's charts: admins against the rest, users in the largest accounts, users over time.
import { compareCodeUnits } from '../compare.js'
import { formatDay, mermaidPie, mermaidXyChart } from './markdown.js'
import type { Report, ReportDiff } from '../types.js'

export interface HistoryPoint {
  readonly generatedAt: string
  readonly users: number
}

/** Bars for the largest accounts only: a chart of thousands of bars reads as noise. */
const CHART_ACCOUNTS = 15
/** A year of monthly reports, plus some room for manual runs. */
const CHART_HISTORY = 24

export function renderCharts(
  report: Report,
  history: readonly HistoryPoint[],
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
