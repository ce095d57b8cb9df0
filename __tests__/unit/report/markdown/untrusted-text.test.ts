// SPEC 10: text from AWS, from a baseline or from an error message never becomes markup in the
// job summary or the issue, wherever it is shown.
import { describe, expect, it } from '@jest/globals'
import { diffReports } from '../../../../src/report/diff.js'
import { issueMarker, renderIssue } from '../../../../src/report/markdown/issue.js'
import { renderSummary, type SummaryInput } from '../../../../src/report/markdown/summary.js'
import type { Report } from '../../../../src/report/types.js'
import {
  plainUser as user,
  plainReport as report,
  textOutsideCode
} from '../../../fixtures/plain-users.js'

/** Every kind of markup GitHub would act on, with a line break before a heading and a command. */
const HOSTILE =
  '<img src=x onerror=alert(1)> <details><summary>open</summary> @octocat ' +
  '[link](https://evil.example/a) https://evil.example/b www.evil.example' +
  '\n# Pwned\n::error::pwned'

/** What would still act: HTML, mentions, links, autolinks, new blocks, mermaid syntax in a label. */
function activeMarkup(markdown: string): string[] {
  // The issue's marker is an HTML comment, which shows nothing; its own tests keep it closed.
  const outside = textOutsideCode(markdown.replace(/^<!-- iam-user-report baseline=.* -->\n/, ''))
  const checks: [string, RegExp][] = [
    ['html', /(?<!\\)<(img|details|summary)/],
    ['mention', /@octocat/],
    ['link', /(?<!\\)\]\(https:\/\/evil/],
    ['autolink', /https:\/\/evil|www\.evil/],
    ['heading', /^#+ Pwned/m],
    ['command', /^::error::/m]
  ]
  const found = checks.filter(([, pattern]) => pattern.test(outside)).map(([name]) => name)
  const charts = (markdown.match(/^```mermaid\n[\s\S]*?\n```$/gm) ?? []).join('\n')
  const labels = [...charts.matchAll(/"([^"\n]*)"/g)].map(match => match[1])
  return labels.some(label => /[<>@[\]():;#%]/.test(label)) ? [...found, 'chart'] : found
}

const hostileUser = user({
  account_id: '333333333333',
  account_name: HOSTILE,
  user_name: 'eve',
  is_admin: true,
  admin_reason: `inline:${HOSTILE}`,
  groups: [HOSTILE]
})

function reports(baselineAt: string): { baseline: Report; current: Report } {
  const current: Report = {
    ...report([hostileUser, user({ account_name: HOSTILE, user_name: 'amy', is_admin: true })]),
    credentialReports: {
      staleDays: 90,
      failedAccounts: [{ accountId: '333333333333', reason: HOSTILE }]
    }
  }
  const baseline = report([{ ...hostileUser, groups: [] }], baselineAt)
  return { baseline, current }
}

function summaryOf(overrides: Partial<SummaryInput>, baselineAt = '2026-10-05T09:00:00Z'): string {
  const { baseline, current } = reports(baselineAt)
  return renderSummary({
    report: current,
    diff: diffReports(baseline, current),
    destinations: { localCsv: '/tmp/a.csv', localJson: '/tmp/a.json', failures: [HOSTILE] },
    stats: {
      pages: 1,
      deletedItems: 0,
      missingGroups: 0,
      warnings: [HOSTILE],
      accountNamesAvailable: true
    },
    baselineNote: HOSTILE,
    history: [{ generatedAt: HOSTILE, users: 1 }],
    ...overrides
  })
}

describe('untrusted text in the job summary', () => {
  it('keeps account names, admin reasons, group names, warnings and failures inert', () => {
    const md = summaryOf({})
    expect(md).toContain('pwned')
    expect(md).toContain('title "Admins per account"')
    expect(activeMarkup(md)).toEqual([])
  })

  it('keeps the baseline note inert where it explains a first report', () => {
    const current = reports('2026-10-05T09:00:00Z').current
    const md = summaryOf({ diff: diffReports(null, current) })
    expect(md).toContain('First report')
    expect(activeMarkup(md)).toEqual([])
  })

  it("keeps the baseline's generatedAt inert in the headline and the chart", () => {
    const md = summaryOf({}, HOSTILE)
    expect(md).toContain('Since ')
    expect(activeMarkup(md)).toEqual([])
  })
})

describe('untrusted text in the issue', () => {
  function issueOf(baselineAt: string): { title: string; body: string } {
    const { baseline, current } = reports(baselineAt)
    return renderIssue({
      diff: diffReports(baseline, current),
      report: current,
      links: { runUrl: 'https://github.com/o/r/actions/runs/1' },
      marker: issueMarker(baselineAt)
    })
  }

  it('keeps account names, admin reasons and group names inert', () => {
    const { body } = issueOf('2026-10-05T09:00:00Z')
    expect(body).toContain('pwned')
    expect(activeMarkup(body)).toEqual([])
  })

  it("keeps the baseline's generatedAt inert in the lead and on one line in the title", () => {
    const { title, body } = issueOf(HOSTILE)
    expect(activeMarkup(body)).toEqual([])
    expect(title).not.toMatch(/\n/)
  })
})
