import { buildReport, type BuildReportInput } from '../../../src/report/build-report.js'
import { parseConfigItem } from '../../../src/report/config-item.js'
import { dedupeItems } from '../../../src/report/dedupe.js'
import type { UserRecord } from '../../../src/report/types.js'
import { readFixture } from '../../fixtures/read-fixture.js'
import { groupItem, userItem } from '../../fixtures/report-items.js'

const NOW = new Date('2026-11-02T09:00:00.123Z')
const ACCOUNT_NAMES = new Map([['111111111111', 'platform-prod']])

function fromFixture(): BuildReportInput {
  const rows = readFixture<object[]>('select-aggregate-iam-items.json')
  const items = dedupeItems(rows.map(row => parseConfigItem(row, () => undefined)))
  return {
    ...items,
    accountNames: ACCOUNT_NAMES,
    aggregator: 'org-aggregator',
    region: 'eu-west-1',
    now: NOW
  }
}

function build(overrides: Partial<BuildReportInput> = {}) {
  return buildReport({ ...fromFixture(), ...overrides })
}

const user = (
  users: readonly UserRecord[],
  accountId: string,
  userName: string
): UserRecord | undefined => users.find(u => u.account_id === accountId && u.user_name === userName)

describe('buildReport', () => {
  it('writes one record per user with every column filled', () => {
    const { report } = build()
    expect(user(report.users, '111111111111', 'alice')).toEqual({
      account_id: '111111111111',
      account_name: 'platform-prod',
      user_name: 'alice',
      user_id: 'AIDAAAAAAAAAAAAAALICE',
      arn: 'arn:aws:iam::111111111111:user/alice',
      path: '/',
      create_date: '2024-02-11T09:30:12Z',
      groups: ['Admins', 'Developers'],
      managed_policies: [],
      inline_policies: [],
      group_managed_policies: ['Admins/AdministratorAccess'],
      group_inline_policies: ['Developers/DeployLambdas'],
      permissions_boundary: '',
      is_admin: true,
      admin_reason: 'group:Admins/managed:AdministratorAccess',
      tags: ['cost-center=42', 'team=platform'],
      config_captured_at: '2026-10-31T22:10:05Z',
      managed_policy_arns: []
    })
  })

  it('stamps the report with the time without milliseconds and its source', () => {
    const { report } = build()
    expect(report.schemaVersion).toBe(1)
    expect(report.generatedAt).toBe('2026-11-02T09:00:00Z')
    expect(report.source).toEqual({ aggregator: 'org-aggregator', region: 'eu-west-1' })
  })

  it('resolves group names within the user own account only', () => {
    const carol = user(build().report.users, '222222222222', 'carol')
    expect(carol).toMatchObject({
      groups: ['Admins'],
      group_managed_policies: ['Admins/ReadOnlyAccess'],
      is_admin: false,
      admin_reason: ''
    })
  })

  it('flags a customer managed policy only by its default version', () => {
    const { users } = build().report
    expect(user(users, '111111111111', 'bob')).toMatchObject({
      managed_policies: ['BreakGlass', 'OldAdmin'],
      managed_policy_arns: [
        'arn:aws:iam::111111111111:policy/BreakGlass',
        'arn:aws:iam::111111111111:policy/OldAdmin'
      ],
      inline_policies: ['S3Everything'],
      is_admin: true,
      admin_reason: 'managed:BreakGlass'
    })
    expect(user(users, '111111111111', 'carl')).toMatchObject({
      is_admin: false,
      permissions_boundary: 'arn:aws:iam::111111111111:policy/DeveloperBoundary'
    })
    expect(user(users, '222222222222', 'dave')).toMatchObject({
      is_admin: true,
      admin_reason: 'inline:Everything'
    })
  })

  it('leaves account_name empty for an account without a name', () => {
    expect(user(build().report.users, '222222222222', 'dave')?.account_name).toBe('')
  })

  it('sorts by account, then user name in code-unit order, then user id', () => {
    const users = [
      userItem({ accountId: '2', userName: 'a' }),
      userItem({ accountId: '1', userName: 'émile' }),
      userItem({ accountId: '1', userName: 'bob' }),
      userItem({ accountId: '1', userName: 'Zed' }),
      userItem({ accountId: '1', userName: 'bob', userId: 'AIDAB0' })
    ]
    const { report } = build({ users, groups: [], policies: [] })
    expect(report.users.map(u => `${u.account_id}/${u.user_name}/${u.user_id}`)).toEqual([
      '1/Zed/AIDAZED',
      '1/bob/AIDAB0',
      '1/bob/AIDABOB',
      '1/émile/AIDAÉMILE',
      '2/a/AIDAA'
    ])
  })

  it('sorts the lists inside a record, keeping managed policy names and ARNs in step', () => {
    const record = build({
      users: [
        userItem({
          groups: ['b', 'a'],
          tags: ['z=1', 'a=2'],
          managedPolicies: [
            { name: 'Zeta', arn: 'arn:aws:iam::aws:policy/A' },
            { name: 'Alpha', arn: 'arn:aws:iam::aws:policy/Z' }
          ],
          inlinePolicies: [
            { name: 'y', grantsAdmin: false },
            { name: 'x', grantsAdmin: false }
          ]
        })
      ],
      groups: [
        groupItem({ groupName: 'a', inlinePolicies: [{ name: 'q', grantsAdmin: false }] }),
        groupItem({ groupName: 'b', inlinePolicies: [{ name: 'p', grantsAdmin: false }] })
      ],
      policies: []
    }).report.users[0]
    expect(record).toMatchObject({
      groups: ['a', 'b'],
      tags: ['a=2', 'z=1'],
      managed_policies: ['Alpha', 'Zeta'],
      managed_policy_arns: ['arn:aws:iam::aws:policy/Z', 'arn:aws:iam::aws:policy/A'],
      inline_policies: ['x', 'y'],
      group_inline_policies: ['a/q', 'b/p']
    })
  })

  it('lists a group missing from Config, reports it, and warns once per group', () => {
    const users = [
      userItem({ userName: 'u1', groups: ['Ghost', 'Admins'] }),
      userItem({ userName: 'u2', groups: ['Ghost'] })
    ]
    const groups = [
      groupItem({ groupName: 'Admins' }),
      groupItem({ accountId: '999999999999', groupName: 'Ghost' })
    ]
    const built = build({ users, groups, policies: [] })
    expect(built.report.users.map(u => u.groups)).toEqual([['Admins', 'Ghost'], ['Ghost']])
    expect(built.missingGroups).toEqual([
      { accountId: '111111111111', groupName: 'Ghost', userName: 'u1' },
      { accountId: '111111111111', groupName: 'Ghost', userName: 'u2' }
    ])
    expect(built.warnings).toEqual([
      "Group 'Ghost' in account 111111111111 has 2 member(s) but is not in AWS Config: it is listed in their groups, but its policies are not in the report and not checked for admin rights."
    ])
  })

  it('warns about attached customer managed policies Config did not record, not about AWS managed ones', () => {
    const unknown = { name: 'Unknown', arn: 'arn:aws:iam::111111111111:policy/Unknown' }
    const users = [
      userItem({
        userName: 'u1',
        managedPolicies: [
          unknown,
          { name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }
        ]
      }),
      userItem({ userName: 'u2', groups: ['Ops'] })
    ]
    const groups = [groupItem({ groupName: 'Ops', managedPolicies: [unknown] })]
    expect(build({ users, groups, policies: [] }).warnings).toEqual([
      'Customer managed policy arn:aws:iam::111111111111:policy/Unknown is attached but not in AWS Config: it is listed, but not checked for admin rights.'
    ])
  })

  it('has no warnings when every group and policy is recorded', () => {
    const built = build()
    expect(built.warnings).toEqual([])
    expect(built.missingGroups).toEqual([])
  })
})
