import { describe, expect, it } from '@jest/globals'
import { diffReports } from '../../../../src/report/diff.js'
import { renderSummary, type SummaryInput } from '../../../../src/report/markdown/summary.js'
import type { UserRecord } from '../../../../src/report/types.js'
import {
  plainUser as user,
  plainReport as report,
  textOutsideCode
} from '../../../fixtures/plain-users.js'

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`### ${title}`)
  if (start === -1) return ''
  const next = markdown.indexOf('\n### ', start + 1)
  return markdown.slice(start, next === -1 ? undefined : next)
}

const baselineUsers = [
  user({ user_name: 'alice' }),
  user({ user_name: 'bob', groups: ['Dev'] }),
  user({ account_id: '222222222222', account_name: 'dev', user_name: 'gone' })
]
const currentUsers = [
  user({ user_name: 'alice' }),
  user({
    user_name: 'bob',
    groups: ['Admins'],
    is_admin: true,
    admin_reason: 'group:Admins/managed:AdministratorAccess'
  }),
  user({ account_id: '222222222222', account_name: 'dev', user_name: 'newbie' })
]

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  const current = report(currentUsers)
  return {
    report: current,
    diff: diffReports(report(baselineUsers, '2026-10-05T09:00:00Z'), current),
    destinations: {
      localCsv: '/tmp/r/iam-users.csv',
      localJson: '/tmp/r/iam-users.json',
      failures: []
    },
    stats: {
      pages: 3,
      deletedItems: 2,
      missingGroups: 0,
      warnings: [],
      accountNamesAvailable: true
    },
    ...overrides
  }
}

describe('renderSummary', () => {
  it('opens with a verdict: users, accounts, admins and the change since the baseline', () => {
    expect(renderSummary(input())).toContain(
      '**3 users** in **2 accounts**, **1 admin**. Since 2026-10-05: **+1** new, **\u22121** removed, **~1** changed.'
    )
  })

  it('says a first report has nothing to compare with and shows why', () => {
    const current = report(currentUsers)
    const md = renderSummary(
      input({
        diff: diffReports(null, current),
        baselineNote: 'No baseline artifact found (artifacts expire after 90 days).'
      })
    )
    expect(md).toContain('First report: nothing to compare with.')
    expect(section(md, 'Warnings')).toContain('artifacts expire after 90 days')
    expect(md).not.toContain('### New users')
  })

  it('counts pages, deleted items and missing groups in the totals table', () => {
    const md = renderSummary(input({ stats: { ...input().stats, missingGroups: 4 } }))
    expect(md).toContain('| AWS Config pages read | 3 |')
    expect(md).toContain('| Deleted items skipped | 2 |')
    expect(md).toContain('| Groups not found | 4 |')
    expect(md).toContain('| Became admin | 1 |')
  })

  it('draws where the admins are when they sit in more than one account', () => {
    const newbie = { ...currentUsers[2], is_admin: true, admin_reason: 'inline:All' }
    const current = report([...currentUsers.slice(0, 2), newbie])
    const md = renderSummary(input({ report: current, diff: diffReports(null, current) }))
    expect(md).toContain('title "Admins per account"')
    expect(md).toContain('x-axis ["prod", "dev"]')
  })

  it('draws no chart that repeats the headline or a table', () => {
    const md = renderSummary(input())
    expect(md).not.toContain('```mermaid')
  })

  it('draws users over time only when there are at least two points', () => {
    expect(renderSummary(input())).not.toContain('Users over time')
    const md = renderSummary(
      input({ history: [{ generatedAt: '2026-10-05T09:00:00Z', users: 3 }] })
    )
    expect(md).toContain('x-axis ["2026-10-05", "2026-11-02"]')
    expect(md).toContain('line [3, 3]')
  })

  it('lists accounts with users, admins and new users, most users first', () => {
    const accounts = section(renderSummary(input()), 'Accounts')
    expect(accounts).toContain(
      '| `111111111111` | `prod` | 2 | 1 | 0 |\n| `222222222222` | `dev` | 1 | 0 | 1 |'
    )
  })

  it('shows the top 50 accounts and says how many more there are', () => {
    const users = Array.from({ length: 60 }, (_, i) =>
      user({ account_id: String(100_000_000_000 + i), user_name: `u${i}` })
    )
    const md = renderSummary(
      input({ report: report(users), diff: diffReports(null, report(users)) })
    )
    const accounts = section(md, 'Accounts')
    expect(accounts.match(/^\| `1000/gm)).toHaveLength(50)
    expect(accounts).toContain('\u2026 and 10 more in the CSV')
  })

  it('lists admins with the reason they are admin', () => {
    expect(section(renderSummary(input()), 'Admin users')).toContain(
      '| `111111111111` | `prod` | `bob` | `group:Admins/managed:AdministratorAccess` |'
    )
  })

  it('lists the first 50 new users and says how many more there are', () => {
    const users = Array.from({ length: 120 }, (_, i) =>
      user({ user_name: `u${String(i).padStart(3, '0')}` })
    )
    const md = renderSummary(
      input({ report: report(users), diff: diffReports(report([]), report(users)) })
    )
    const added = section(md, 'New users')
    expect(added).toContain('`u049`')
    expect(added).not.toContain('`u050`')
    expect(added).toContain('\u2026 and 70 more in the CSV')
  })

  it('lists removed users and changed users with what changed', () => {
    const md = renderSummary(input())
    expect(section(md, 'Removed users')).toContain('`gone`')
    expect(section(md, 'Changed users')).toContain(
      'groups: +`Admins` \u2212`Dev`<br>is_admin: false → true'
    )
  })

  it('leaves out sections that have nothing to show', () => {
    const same = report([user()])
    const md = renderSummary(input({ report: same, diff: diffReports(same, same) }))
    for (const title of [
      'Admin users',
      'New users',
      'Removed users',
      'Changed users',
      'Failed',
      'Warnings'
    ]) {
      expect(md).not.toContain(`### ${title}`)
    }
  })

  it('says where the files went', () => {
    const files = section(
      renderSummary(
        input({
          destinations: {
            localCsv: '/tmp/r/iam-users.csv',
            localJson: '/tmp/r/iam-users.json',
            s3Uri: 's3://b/iam-user-report/reports/2026-11-02T090000Z.csv',
            s3LatestUri: 's3://b/iam-user-report/latest.csv',
            artifactName: 'iam-user-report',
            artifactId: '42',
            artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/42',
            issueUrl: 'https://github.com/o/r/issues/7',
            failures: []
          }
        })
      ),
      'Files'
    )
    expect(files).toContain('`/tmp/r/iam-users.csv`')
    expect(files).toContain('`/tmp/r/iam-users.json`')
    expect(files).toContain('`s3://b/iam-user-report/reports/2026-11-02T090000Z.csv`')
    expect(files).toContain('`s3://b/iam-user-report/latest.csv`')
    expect(files).toContain(
      '[iam-user-report](https://github.com/o/r/actions/runs/1/artifacts/42) (id 42)'
    )
    expect(files).toContain('(https://github.com/o/r/issues/7)')
  })

  it('names the artifact as code when its page is not known', () => {
    const destinations = { ...input().destinations, artifactName: 'iam-user-report' }
    const files = section(renderSummary(input({ destinations })), 'Files')
    expect(files).toContain('- Artifact: `iam-user-report`')
    expect(files).not.toContain('](')
  })

  it('keeps S3 URIs as code, not links: a browser cannot open them', () => {
    const destinations = {
      ...input().destinations,
      s3Uri: 's3://b/reports/2026-11-02T090000Z.csv',
      s3LatestUri: 's3://b/latest.csv',
      artifactName: 'iam-user-report',
      artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/42'
    }
    const files = section(renderSummary(input({ destinations })), 'Files')
    expect(files).toContain('- S3: `s3://b/reports/2026-11-02T090000Z.csv`')
    expect(files).toContain('- S3 latest, moved next: `s3://b/latest.csv`')
    expect(files.match(/\]\(/g)).toHaveLength(1)
  })

  it('keeps an artifact link inside its parentheses', () => {
    const destinations = {
      ...input().destinations,
      artifactName: 'iam-user-report',
      artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/42) [x](https://evil'
    }
    const files = section(renderSummary(input({ destinations })), 'Files')
    expect(files).toContain(
      '[iam-user-report](https://github.com/o/r/actions/runs/1/artifacts/42%29%20[x]%28https://evil)'
    )
  })

  it('lists failures near the top', () => {
    const md = renderSummary(
      input({ destinations: { ...input().destinations, failures: ['S3: AccessDenied'] } })
    )
    expect(md.indexOf('### Failed')).toBeLessThan(md.indexOf('| Total |'))
    expect(section(md, 'Failed')).toContain('- S3: AccessDenied')
  })

  it('warns about missing account names, missing groups and each outside warning, up to 50', () => {
    const warnings = Array.from({ length: 53 }, (_, i) => `policy ${i} could not be decoded`)
    const md = renderSummary(
      input({
        stats: { ...input().stats, missingGroups: 2, warnings, accountNamesAvailable: false }
      })
    )
    const shown = section(md, 'Warnings')
    expect(shown).toContain('Account names are missing')
    expect(shown).toContain('2 groups named by users were not found')
    const one = renderSummary(input({ stats: { ...input().stats, missingGroups: 1 } }))
    expect(section(one, 'Warnings')).toContain('1 group named by users was not found')
    expect(shown).toContain('policy 49 could not be decoded')
    expect(shown).not.toContain('policy 50 could not')
    expect(shown).toContain('and 3 more warnings')
  })

  it('keeps names from AWS inert: mentions, emphasis and pipes stay inside code spans', () => {
    const hostile = user({
      account_id: '333333333333',
      account_name: '**Prod** | @octocat',
      user_name: '@octocat`|',
      is_admin: true,
      admin_reason: 'inline:*'
    })
    const current = report([hostile])
    const md = renderSummary(
      input({
        report: current,
        diff: diffReports(report([]), current),
        stats: { ...input().stats, warnings: ['user @octocat: document *broken*'] }
      })
    )
    const outside = textOutsideCode(md)
    expect(md).toContain('@octocat')
    expect(outside).not.toMatch(/@octocat/)
    expect(outside).not.toMatch(/\*\*Prod/)
    expect(md).toContain('| `333333333333` | `**Prod** \\| @octocat` | ``@octocat`\\|`` |')
  })

  it('stays under 1 MiB for 10,000 accounts of 10 users with long, hostile names', () => {
    const groups = Array.from({ length: 10 }, (_, g) => `${'|'.repeat(120)}${g}`)
    const users: UserRecord[] = []
    for (let a = 0; a < 10_000; a++) {
      for (let u = 0; u < 10; u++) {
        users.push(
          user({
            account_id: String(100_000_000_000 + a),
            account_name: `${'|`'.repeat(25)}`,
            user_name: `${'|'.repeat(60)}${a}-${u}`,
            is_admin: u === 0,
            admin_reason: u === 0 ? `group:${'|'.repeat(128)}/inline:${'`'.repeat(128)}` : '',
            groups
          })
        )
      }
    }
    const current = report(users)
    // Half re-created (one added, one removed each), half with every group changed.
    const baseline = report(
      users.map((u, i) =>
        i % 2 === 0 ? { ...u, user_id: `${u.user_id}-old` } : { ...u, groups: [] }
      )
    )
    const md = renderSummary(
      input({
        report: current,
        diff: diffReports(baseline, current),
        stats: {
          ...input().stats,
          warnings: Array.from({ length: 10_000 }, () => 'w'.repeat(1000))
        }
      })
    )
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(1024 * 1024)
    expect(md).toContain('\u2026 and 9,950 more in the CSV')
    expect(md).toContain('\u2026 and 49,950 more in the CSV')
  })
})
