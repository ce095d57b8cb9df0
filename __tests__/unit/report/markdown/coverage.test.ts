import { describe, expect, it } from '@jest/globals'
import type { Coverage } from '../../../../src/report/coverage.js'
import { diffReports } from '../../../../src/report/diff.js'
import { issueMarker, renderIssue } from '../../../../src/report/markdown/issue.js'
import { renderSummary } from '../../../../src/report/markdown/summary.js'
import { plainReport as report, plainUser as user } from '../../../fixtures/plain-users.js'

const BASELINE_AT = '2026-11-02T09:00:00Z'
const before = report([user({ user_name: 'alice' })], BASELINE_AT)
const after = report([user({ user_name: 'alice' }), user({ user_name: 'bob', user_id: 'AIDABOB' })])
const diff = diffReports(before, after)
const coverage: Coverage = {
  uncovered: [{ id: '333333333333', name: '<img src=x> @ops', cause: 'no IAM data: not recorded' }],
  lost: [{ id: '444444444444', name: 'payments', baselineUsers: 120 }]
}

const summary = (c?: Coverage): string =>
  renderSummary({
    report: after,
    diff,
    destinations: { localCsv: '/tmp/a.csv', localJson: '/tmp/a.json', failures: [] },
    stats: {
      pages: 1,
      deletedItems: 0,
      missingGroups: 0,
      warnings: [],
      accountNamesAvailable: true
    },
    coverage: c
  })
const issue = (c?: Coverage) =>
  renderIssue({
    diff,
    report: after,
    links: { runUrl: 'https://github.com/o/r/actions/runs/1' },
    marker: issueMarker(BASELINE_AT),
    coverage: c
  })

describe('coverage in the job summary', () => {
  it('lists the accounts that lost their data, with the users they had', () => {
    expect(summary(coverage)).toMatch(
      /### No data this month \(1\)[\s\S]*\| `444444444444` \| `payments` \| 120 \|/
    )
  })

  it('lists the accounts with no IAM data and the likely cause, names kept as text', () => {
    const text = summary(coverage)
    expect(text).toContain('### Accounts with no IAM data in the aggregator (1)')
    expect(text).toContain('`<img src=x> @ops`')
    expect(text).toContain('no IAM data: not recorded')
  })

  it('shows neither table when every account is covered', () => {
    const text = summary({ uncovered: [], lost: [] })
    expect(text).not.toContain('No data this month')
    expect(text).not.toContain('no IAM data in the aggregator')
  })
})

describe('coverage in the issue', () => {
  it('lists the accounts that lost their data and says their users are not counted as removed', () => {
    const { body } = issue(coverage)
    expect(body).toMatch(/### No data this month \(1\)[\s\S]*`444444444444`/)
    expect(body).toContain(
      '1 account had no IAM data this month: their users are not counted as removed.'
    )
  })

  it('leaves uncovered accounts that never had users to the summary', () => {
    expect(issue(coverage).body).not.toContain('333333333333')
  })
})
