import { describe, expect, it } from '@jest/globals'
import { parseBaseline } from '../../../src/report/baseline.js'
import { becameAdmin, diffReports, isEmptyDiff } from '../../../src/report/diff.js'
import { toJson } from '../../../src/report/json.js'
import type { UserRecord } from '../../../src/report/types.js'
import { plainUser as user, plainReport as report } from '../../fixtures/plain-users.js'

const names = (users: readonly UserRecord[]): string[] => users.map(u => u.user_name)

describe('diffReports', () => {
  it('returns an empty diff without a baseline date on a first report', () => {
    expect(diffReports(null, report([user()]))).toEqual({
      baselineGeneratedAt: null,
      added: [],
      removed: [],
      changed: []
    })
  })

  it('records the generatedAt of the baseline', () => {
    const diff = diffReports(report([], '2026-10-05T09:00:00Z'), report([]))
    expect(diff.baselineGeneratedAt).toBe('2026-10-05T09:00:00Z')
  })

  it('reports a user deleted and re-created under the same name as one removed and one added', () => {
    const old = user({ user_id: 'AIDAOLD' })
    const recreated = user({ user_id: 'AIDANEW' })
    const diff = diffReports(report([old]), report([recreated]))
    expect(diff.added).toEqual([recreated])
    expect(diff.removed).toEqual([old])
    expect(diff.changed).toEqual([])
  })

  it('matches users by account too, so the same user id in two accounts is two users', () => {
    const a = user({ account_id: '111111111111', user_id: 'AIDASAME' })
    const b = user({ account_id: '222222222222', user_id: 'AIDASAME' })
    const diff = diffReports(report([a]), report([a, b]))
    expect(diff.added).toEqual([b])
  })

  it('compares fields, not objects: a report read back from its own JSON has no change', () => {
    const current = report([user({ groups: ['A'] }), user({ user_name: 'bob', is_admin: true })])
    const baseline = parseBaseline(toJson(current))
    expect(baseline.users[0]).not.toBe(current.users[0])
    expect(isEmptyDiff(diffReports(baseline, current))).toBe(true)
    const promoted = report([current.users[0]!, { ...current.users[1]!, is_admin: false }])
    expect(diffReports(baseline, promoted).changed.map(c => c.fields)).toEqual([['is_admin']])
  })

  it('ignores the order of groups and policies', () => {
    const before = user({ groups: ['A', 'B'], managed_policies: ['X', 'Y'] })
    const after = user({ groups: ['B', 'A'], managed_policies: ['Y', 'X'] })
    expect(isEmptyDiff(diffReports(report([before]), report([after])))).toBe(true)
  })

  it('ignores columns that grant nothing: names, tags, capture time', () => {
    const before = user()
    const after = user({ account_name: 'renamed', tags: ['team=x'], config_captured_at: 'later' })
    expect(isEmptyDiff(diffReports(report([before]), report([after])))).toBe(true)
  })

  it('names every changed privilege column in CSV column order', () => {
    const before = user()
    const after = user({
      is_admin: true,
      permissions_boundary: 'arn:aws:iam::111111111111:policy/Boundary',
      group_inline_policies: ['Admins/all'],
      group_managed_policies: ['Admins/AdministratorAccess'],
      inline_policies: ['extra'],
      managed_policies: ['ReadOnlyAccess'],
      groups: ['Admins']
    })
    const [change] = diffReports(report([before]), report([after])).changed
    expect(change.fields).toEqual([
      'groups',
      'managed_policies',
      'inline_policies',
      'group_managed_policies',
      'group_inline_policies',
      'permissions_boundary',
      'is_admin'
    ])
  })

  it('counts a same-named managed policy with another ARN as a managed_policies change', () => {
    const before = user({
      managed_policies: ['AdministratorAccess'],
      managed_policy_arns: ['arn:aws:iam::111111111111:policy/AdministratorAccess']
    })
    const after = user({
      managed_policies: ['AdministratorAccess'],
      managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess']
    })
    const [change] = diffReports(report([before]), report([after])).changed
    expect(change.fields).toEqual(['managed_policies'])
  })

  it('lists users that became admin first, then the rest by account and name', () => {
    const pairs = [
      ['111111111111', 'carol', false],
      ['222222222222', 'bob', true],
      ['111111111111', 'dave', true],
      ['111111111111', 'alice', false]
    ] as const
    const before = pairs.map(([account_id, user_name]) => user({ account_id, user_name }))
    const after = pairs.map(([account_id, user_name, admin]) =>
      user({ account_id, user_name, is_admin: admin, groups: admin ? [] : ['Changed'] })
    )
    const diff = diffReports(report(before), report(after))
    expect(diff.changed.map(c => c.after.user_name)).toEqual(['dave', 'bob', 'alice', 'carol'])
  })

  it('sorts added and removed users by account, then name by code unit, not locale', () => {
    const users = [
      ...['b', 'Zed', 'é', 'alice'].map(n => user({ user_name: n })),
      user({ account_id: '000000000000', user_name: 'zz' })
    ]
    const expected = ['zz', 'Zed', 'alice', 'b', 'é']
    expect(names(diffReports(report([]), report(users)).added)).toEqual(expected)
    expect(names(diffReports(report(users), report([])).removed)).toEqual(expected)
  })

  it('counts added, removed and changed users correctly across 100,000 users', () => {
    const users = Array.from({ length: 100_000 }, (_, i) =>
      user({
        account_id: String(100_000_000_000 + (i % 10_000)),
        user_name: `user-${i}`,
        groups: ['Dev', 'Ops'],
        managed_policies: ['ReadOnlyAccess']
      })
    )
    const next = users.map((u, i) => (i % 100 === 0 ? { ...u, groups: ['Ops', 'Admins'] } : u))
    const baseline = report(users.slice(500))
    const current = report(next.slice(0, 99_500))
    const diff = diffReports(baseline, current)
    expect([diff.added.length, diff.removed.length, diff.changed.length]).toEqual([500, 500, 990])
  })
})

describe('isEmptyDiff', () => {
  it('is true only when nothing was added, removed or changed', () => {
    const same = report([user()])
    expect(isEmptyDiff(diffReports(same, same))).toBe(true)
    expect(isEmptyDiff(diffReports(same, report([])))).toBe(false)
  })
})

describe('becameAdmin', () => {
  it('is true for a user who was not admin and now is, and false the other way round', () => {
    const plain = user()
    const admin = user({ is_admin: true })
    expect(becameAdmin({ before: plain, after: admin, fields: ['is_admin'] })).toBe(true)
    expect(becameAdmin({ before: admin, after: plain, fields: ['is_admin'] })).toBe(false)
    expect(becameAdmin({ before: admin, after: admin, fields: ['groups'] })).toBe(false)
  })
})
