import { describe, expect, it } from '@jest/globals'
import { diffReports } from '../../../../src/report/diff.js'
import {
  renderCharts,
  tallyAccounts,
  type HistoryPoint
} from '../../../../src/report/markdown/charts.js'
import type { UserRecord } from '../../../../src/report/types.js'
import { plainUser as user, plainReport as report } from '../../../fixtures/plain-users.js'

/** An admin in each of the accounts, named as given, ids 100000000001, 100000000002… */
function adminsIn(names: readonly string[]): UserRecord[] {
  return names.map((name, i) =>
    user({
      account_id: String(100_000_000_001 + i),
      account_name: name,
      user_name: `admin${i}`,
      is_admin: true,
      admin_reason: 'managed:AdministratorAccess'
    })
  )
}

function chartsOf(users: UserRecord[], history: HistoryPoint[] = []): string {
  const current = report(users)
  return renderCharts(current, history, tallyAccounts(current, diffReports(null, current)))
}

/** Each chart's title and its x-axis labels, in order. */
function charts(markdown: string): { title: string; labels: string[]; values: string }[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map(([, body]) => ({
    title: /title "([^"]*)"/.exec(body)?.[1] ?? '',
    labels: [...(/x-axis \[(.*)\]/.exec(body)?.[1] ?? '').matchAll(/"([^"]*)"/g)].map(m => m[1]),
    values: /(?:bar|line) \[(.*)\]/.exec(body)?.[1] ?? ''
  }))
}

describe('the admins-per-account chart', () => {
  it('draws the accounts with admins, most admins first, and no pie', () => {
    const users = [
      ...adminsIn(['dev', 'prod']),
      user({ account_id: '100000000002', account_name: 'prod', user_name: 'b', is_admin: true }),
      user({ account_id: '100000000003', account_name: 'sandbox', user_name: 'c' })
    ]
    const md = chartsOf(users)
    expect(md).not.toContain('pie')
    expect(charts(md)).toEqual([
      { title: 'Admins per account', labels: ['prod', 'dev'], values: '2, 1' }
    ])
    expect(md).toContain('y-axis "Admins" 0 --> 10')
  })

  it('is left out when admins sit in one account only: the headline says as much', () => {
    const users = [...adminsIn(['prod']), user({ account_id: '200000000000', user_name: 'x' })]
    expect(chartsOf(users)).toBe('')
  })

  it('draws the 15 accounts with most admins and says so', () => {
    const md = chartsOf(adminsIn(Array.from({ length: 20 }, (_, i) => `acct-${i}`)))
    expect(charts(md)[0].title).toBe('Admins in the 15 accounts with most')
    expect(charts(md)[0].labels).toHaveLength(15)
  })

  it('gives two accounts of the same name their ids', () => {
    expect(charts(chartsOf(adminsIn(['prod', 'prod', 'dev'])))[0].labels).toEqual([
      'prod 100000000001',
      'prod 100000000002',
      'dev'
    ])
  })

  it('gives names that read the same without punctuation their ids', () => {
    expect(charts(chartsOf(adminsIn(['Payments | Prod', 'Payments Prod'])))[0].labels).toEqual([
      'Payments Prod 100000000001',
      'Payments Prod 100000000002'
    ])
  })

  it('labels an account without a name, or with nothing but punctuation, by its id', () => {
    expect(charts(chartsOf(adminsIn(['', '"[]"', 'dev'])))[0].labels).toEqual([
      '100000000001',
      '100000000002',
      'dev'
    ])
  })

  it('keeps the id whole after a long name that is cut', () => {
    const long = 'platform-engineering-shared-services'
    expect(charts(chartsOf(adminsIn([long, long])))[0].labels).toEqual([
      'platform-enginee\u2026 100000000001',
      'platform-enginee\u2026 100000000002'
    ])
  })

  it('numbers every bar when a name is planted to read like another account\u2019s fallback', () => {
    const labels = charts(chartsOf(adminsIn(['prod 100000000003', 'x', 'prod', 'prod'])))[0].labels
    expect(new Set(labels).size).toBe(4)
    expect(labels).toEqual([
      '1 prod 100000000003',
      '2 x',
      '3 prod 100000000003',
      '4 prod 100000000004'
    ])
  })
})

describe('the users-over-time chart', () => {
  const users = [user({ user_name: 'a' }), user({ user_name: 'b' })]

  it('is left out with fewer than two points', () => {
    expect(chartsOf(users)).toBe('')
    expect(chartsOf(users, [{ generatedAt: '2026-11-02T09:00:00Z', users: 5 }])).toBe('')
  })

  it('draws one point per report, oldest first, labelled by day, from 0', () => {
    const md = chartsOf(users, [{ generatedAt: '2026-10-05T09:00:00Z', users: 3 }])
    expect(charts(md)).toEqual([
      { title: 'Users over time', labels: ['2026-10-05', '2026-11-02'], values: '3, 2' }
    ])
    expect(md).toContain('y-axis "Users" 0 --> 10')
  })

  it('adds the time when two reports share a day, so that they stay two points', () => {
    const md = chartsOf(users, [{ generatedAt: '2026-11-02T08:59:58Z', users: 3 }])
    expect(charts(md)[0].labels).toEqual(['2026-11-02 08.59.58', '2026-11-02 09.00.00'])
  })
})
