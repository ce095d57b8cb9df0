// SPEC 10: GitHub drops a job summary over 1 MiB whole, so the summary stays under it whatever
// the names, paths and messages, and says what it left out.
import { describe, expect, it } from '@jest/globals'
import { diffReports } from '../../../../src/report/diff.js'
import { renderSummary, type SummaryInput } from '../../../../src/report/markdown/summary.js'
import type { Report, UserRecord } from '../../../../src/report/types.js'
import { plainUser as user, plainReport as report } from '../../../fixtures/plain-users.js'

/** GitHub's limit per step, counted in UTF-8 bytes. */
const MIB = 1024 * 1024

function summaryOf(
  baseline: Report | null,
  current: Report,
  overrides: Partial<SummaryInput> = {}
) {
  return renderSummary({
    report: current,
    diff: diffReports(baseline, current),
    destinations: {
      localCsv: '/tmp/r/iam-users.csv',
      localJson: '/tmp/r/iam-users.json',
      failures: []
    },
    stats: {
      pages: 1,
      deletedItems: 0,
      missingGroups: 0,
      warnings: [],
      accountNamesAvailable: true
    },
    ...overrides
  })
}

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`### ${title}`)
  const next = markdown.indexOf('\n### ', start + 1)
  return start === -1 ? '' : markdown.slice(start, next === -1 ? undefined : next)
}

/** Rows naming a user, and the number the cut line says were left out (0 when none). */
function shownAndLeftOut(markdown: string, title: string): [number, number] {
  const text = section(markdown, title)
  const shown = text.split('\n').filter(line => line.startsWith('| `')).length
  const left = /\u2026 and ([\d,]+) more in the CSV/.exec(text)?.[1] ?? '0'
  return [shown, Number(left.replace(/,/g, ''))]
}

/** An IAM-valid name (letters, digits and `+=,.@_-`) of exactly `length` characters. */
function iamName(prefix: string, length: number): string {
  return `${prefix}-`.padEnd(length, 'x')
}

const PATH = `/${'p'.repeat(510)}/`

/** Everything a user's groups bring, for ten 128-character groups named after `side`. */
function privileges(side: string): Partial<UserRecord> {
  const groups = Array.from({ length: 10 }, (_, g) => iamName(`${side}${g}`, 128))
  const policies = Array.from({ length: 10 }, (_, p) => iamName(`p${p}`, 128))
  const arn = (name: string) => `arn:aws:iam::111111111111:policy${PATH}${side}/${name}`
  return {
    groups,
    managed_policies: policies,
    managed_policy_arns: policies.map(arn),
    inline_policies: policies.map(p => `${side}${p}`),
    group_managed_policies: groups.flatMap(g => policies.map(p => `${g}/${p}`)),
    group_inline_policies: groups.flatMap(g => policies.map(p => `${g}/i${p}`)),
    permissions_boundary: arn(iamName('boundary', 128))
  }
}

describe('renderSummary size', () => {
  it('stays under 1 MiB when 60 changed users each had their ten 128-character groups renamed', () => {
    const before: UserRecord[] = []
    const after: UserRecord[] = []
    for (let i = 0; i < 60; i++) {
      const name = { user_name: iamName(`u${i}`, 64), path: PATH }
      before.push(user({ ...name, ...privileges('old') }))
      after.push(user({ ...name, ...privileges('new') }))
    }
    const md = summaryOf(report(before, '2026-10-05T09:00:00Z'), report(after))
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(MIB)
    const [shown, leftOut] = shownAndLeftOut(md, 'Changed users')
    expect(shown).toBeGreaterThan(0)
    expect(shown + leftOut).toBe(60)
  })

  it('stays under 1 MiB for 5,000 new admins with 64-character names and 512-character paths', () => {
    const users = Array.from({ length: 5000 }, (_, i) =>
      user({
        account_id: String(100_000_000_000 + (i % 100)),
        account_name: iamName(`account${i % 100}`, 50),
        user_name: iamName(`u${i}`, 64),
        path: PATH,
        arn: `arn:aws:iam::${100_000_000_000 + (i % 100)}:user${PATH}${iamName(`u${i}`, 64)}`,
        is_admin: true,
        admin_reason: `group:${iamName('g', 128)}/inline:${iamName('p', 128)}`
      })
    )
    const md = summaryOf(report([], '2026-10-05T09:00:00Z'), report(users))
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(MIB)
    for (const title of ['New users', 'Admin users']) {
      const [shown, leftOut] = shownAndLeftOut(md, title)
      expect(shown).toBeGreaterThan(0)
      expect(shown + leftOut).toBe(5000)
    }
  })

  it('stays under 1 MiB when a baseline, a failure and the baseline note hold megabytes of text', () => {
    const huge = 'é'.repeat(2 * MIB)
    const current = report([user({ groups: ['Dev'] })])
    const baseline = report([user({ groups: [huge] })], '2026-10-05T09:00:00Z')
    const md = summaryOf(baseline, current, {
      destinations: { localCsv: 'a.csv', localJson: 'a.json', failures: [huge] },
      baselineNote: huge
    })
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(MIB)
    expect(shownAndLeftOut(md, 'Changed users')).toEqual([1, 0])
  })
})
