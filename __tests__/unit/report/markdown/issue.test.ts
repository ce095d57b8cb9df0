import { describe, expect, it } from '@jest/globals'
import { diffReports } from '../../../../src/report/diff.js'
import {
  ISSUE_BODY_LIMIT,
  findMarker,
  hasMarker,
  issueMarker,
  renderIssue,
  type IssueInput
} from '../../../../src/report/markdown/issue.js'
import type { UserRecord } from '../../../../src/report/types.js'
import {
  plainUser as user,
  plainReport as report,
  textOutsideCode
} from '../../../fixtures/plain-users.js'

/** Cells of a table row as GitHub splits them: a `|` after a backslash stays in its cell. */
function cellCount(row: string): number {
  return row
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/).length
}

function section(body: string, title: string): string {
  const start = body.indexOf(`### ${title} (`)
  if (start === -1) return ''
  const next = body.indexOf('\n### ', start + 1)
  return body.slice(start, next === -1 ? undefined : next)
}

const BASELINE_AT = '2026-10-05T23:30:00-02:00'
const LINKS = {
  runUrl: 'https://github.com/o/r/actions/runs/99',
  s3Uri: 's3://bucket/iam-user-report/reports/2026-11-02T090000Z.csv',
  artifactName: 'iam-user-report',
  artifactUrl: 'https://github.com/o/r/actions/runs/99/artifacts/5'
}

function issueFor(before: UserRecord[], after: UserRecord[], links: IssueInput['links'] = LINKS) {
  const current = report(after)
  const diff = diffReports(report(before, BASELINE_AT), current)
  return renderIssue({ diff, report: current, links, marker: issueMarker(BASELINE_AT) })
}

const newAdmin = user({
  user_name: 'eve',
  is_admin: true,
  admin_reason: 'managed:AdministratorAccess',
  managed_policies: ['AdministratorAccess'],
  inline_policies: ['s3-read'],
  groups: ['Dev'],
  group_managed_policies: ['Dev/ReadOnlyAccess'],
  group_inline_policies: ['Dev/logs']
})

describe('renderIssue', () => {
  it('titles the issue with the counts and the UTC day of the baseline', () => {
    const { title } = issueFor([user({ user_name: 'gone' })], [user(), newAdmin])
    expect(title).toBe('IAM users: 2 new, 1 removed since 2026-10-06')
  })

  it('starts the body with the marker of the baseline', () => {
    const { body } = issueFor([], [user()])
    expect(body.startsWith(`${issueMarker(BASELINE_AT)}\n`)).toBe(true)
  })

  it('lists new users with every policy that reaches them, by path', () => {
    const added = section(issueFor([], [newAdmin]).body, 'New users')
    expect(added).toContain(
      '| `111111111111` | `prod` | `eve` | `2024-02-11T09:30:12Z` | **yes**: `managed:AdministratorAccess` | ' +
        'managed: `AdministratorAccess`<br>inline: `s3-read`<br>group managed: `Dev/ReadOnlyAccess`<br>group inline: `Dev/logs` |'
    )
  })

  it('lists users that became admin apart from, and before, other changes', () => {
    const before = [user({ user_name: 'amy' }), user({ user_name: 'zoe' })]
    const after = [
      user({ user_name: 'amy', groups: ['Ops'] }),
      user({
        user_name: 'zoe',
        is_admin: true,
        admin_reason: 'inline:all',
        inline_policies: ['all']
      })
    ]
    const { body } = issueFor(before, after)
    const promoted = section(body, 'Users that became admin')
    const others = section(body, 'Other changed users')
    expect(body.indexOf('### Users that became admin')).toBeLessThan(
      body.indexOf('### Other changed')
    )
    expect(promoted).toContain(
      '`zoe` | `inline:all` | inline_policies: +`all`<br>is_admin: false → true |'
    )
    expect(promoted).not.toContain('`amy`')
    expect(others).toContain('| `amy` | groups: +`Ops` |')
  })

  it('lists removed users with whether they were admin', () => {
    const gone = user({ user_name: 'gone', is_admin: true, admin_reason: 'inline:x' })
    expect(section(issueFor([gone], []).body, 'Removed users')).toContain(
      '| `gone` | `2024-02-11T09:30:12Z` | **yes**: `inline:x` |'
    )
  })

  it('links to the run, the S3 object and the artifact', () => {
    const { body } = issueFor([], [user()])
    expect(body).toContain('[Workflow run](https://github.com/o/r/actions/runs/99)')
    expect(body).toContain('`s3://bucket/iam-user-report/reports/2026-11-02T090000Z.csv`')
    expect(body).toContain('[iam-user-report](https://github.com/o/r/actions/runs/99/artifacts/5)')
  })

  it('leaves out sections with nothing in them', () => {
    const { body } = issueFor([], [user()])
    expect(body).toContain('### New users (1)')
    expect(body).not.toMatch(/### (Removed|Changed|Other changed|Users that became)/)
  })

  it('refuses a first report, which opens no issue', () => {
    const current = report([user()])
    const diff = diffReports(null, current)
    expect(() => renderIssue({ diff, report: current, links: LINKS, marker: '' })).toThrow(
      /first report/
    )
  })

  it('keeps mentions, markdown, backticks and pipes from AWS inert and inside their cells', () => {
    const hostile = [
      user({ user_name: '@octocat', account_name: '**Prod** [x](https://evil)' }),
      user({ user_name: 'a|b|c', account_name: '<img src=x>' }),
      user({ user_name: '```', account_name: '@github/security' }),
      user({ user_name: 'x`y', account_name: '| --- |', managed_policies: ['p|q'] })
    ]
    const { body } = issueFor([], hostile)
    const outside = textOutsideCode(body)
    expect(body).toContain('@octocat')
    expect(outside).not.toMatch(/@(octocat|github)/)
    expect(outside).not.toMatch(/\*\*Prod|<img|\]\(https:\/\/evil/)
    const rows = section(body, 'New users')
      .split('\n')
      .filter(line => line.startsWith('| `'))
    expect(rows).toHaveLength(4)
    for (const row of rows) expect(cellCount(row)).toBe(6)
    expect(body).toContain('| ```` ``` ```` |')
    expect(body).toContain('| ``x`y`` |')
    expect(body).toContain('`a\\|b\\|c`')
  })

  it('cuts every table to stay under 65,536 characters and says how many are left out and where', () => {
    const long = (i: number): string => `${'n'.repeat(60)}${i}`
    const before: UserRecord[] = []
    const after: UserRecord[] = []
    for (let i = 0; i < 5000; i++) {
      before.push(user({ user_name: `removed-${long(i)}` }))
      after.push(user({ user_name: `added-${long(i)}`, managed_policies: ['ReadOnlyAccess'] }))
      before.push(user({ user_name: `changed-${long(i)}` }))
      after.push(user({ user_name: `changed-${long(i)}`, groups: ['Ops'], is_admin: i % 2 === 0 }))
    }
    const { body } = issueFor(before, after)
    expect(body.length).toBeLessThanOrEqual(ISSUE_BODY_LIMIT)
    const sections = [
      ['New users', 5000, 'added-'],
      ['Removed users', 5000, 'removed-'],
      ['Users that became admin', 2500, 'changed-'],
      ['Other changed users', 2500, 'changed-']
    ] as const
    for (const [title, total, prefix] of sections) {
      const text = section(body, title)
      const shown = text.split('\n').filter(line => line.includes(`\`${prefix}`)).length
      const left = /… and ([\d,]+) more — see the artifact `iam-user-report`/.exec(text)
      expect(text).toContain(`### ${title} (${total.toLocaleString('en-US')})`)
      expect(shown).toBeGreaterThan(10)
      expect(Number(left?.[1].replace(/,/g, ''))).toBe(total - shown)
    }
  })

  it('points to the S3 object for the full list when there is no artifact', () => {
    const users = Array.from({ length: 2000 }, (_, i) =>
      user({ user_name: `u${'x'.repeat(60)}${i}` })
    )
    const { body } = issueFor([], users, { runUrl: LINKS.runUrl, s3Uri: LINKS.s3Uri })
    expect(body).toMatch(/… and [\d,]+ more — see `s3:\/\/bucket\/iam-user-report\/reports\//)
  })
})

describe('issueMarker, findMarker and hasMarker', () => {
  it('finds the baseline date it wrote', () => {
    const marker = issueMarker('2026-10-05T09:00:00Z')
    expect(marker).toBe('<!-- iam-user-report baseline=2026-10-05T09:00:00Z -->')
    expect(findMarker(`${marker}\nbody`)).toBe('2026-10-05T09:00:00Z')
  })

  it('finds nothing in a body without a marker', () => {
    expect(findMarker('an issue someone else opened')).toBeNull()
  })

  it('finds no marker below the first line, such as one quoted from another issue', () => {
    const marker = issueMarker('2026-10-05T09:00:00Z')
    expect(findMarker(`Quoting the bot:\n${marker}`)).toBeNull()
    expect(hasMarker(`Quoting the bot:\n${marker}`, marker)).toBe(false)
  })

  it('matches the marker on the first line, also when GitHub stores CRLF line ends', () => {
    const marker = issueMarker('2026-10-05T09:00:00Z')
    expect(findMarker(`${marker}\r\n\r\nbody`)).toBe('2026-10-05T09:00:00Z')
    expect(hasMarker(`${marker}\r\n\r\nbody`, marker)).toBe(true)
    expect(hasMarker(marker, marker)).toBe(true)
  })

  it('does not take the marker of another baseline for this one', () => {
    const body = `${issueMarker('2026-09-01T09:00:00Z')}\nbody`
    expect(hasMarker(body, issueMarker('2026-10-05T09:00:00Z'))).toBe(false)
  })

  it('does not take a first line that only contains the marker within other text', () => {
    const marker = issueMarker('2026-10-05T09:00:00Z')
    expect(findMarker(`see ${marker} here`)).toBeNull()
    expect(hasMarker(`see ${marker} here`, marker)).toBe(false)
  })

  it('cannot be closed early by a tampered baseline date', () => {
    expect(issueMarker('2026-10-05 --> <b>@octocat</b>')).toBe(
      '<!-- iam-user-report baseline=2026-10-05--boctocatb -->'
    )
  })
})
