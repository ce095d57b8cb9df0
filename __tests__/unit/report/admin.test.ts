import { findAdminReason, isAdminDocument, isAdministratorAccessArn } from '../../../src/report/admin.js'
import type { IamGroupItem, IamPolicyItem } from '../../../src/report/types.js'
import { groupItem, policyItem, userItem } from '../../fixtures/report-items.js'

const doc = (...Statement: object[]): object => ({ Version: '2012-10-17', Statement })
const allow = (fields: object): object => ({ Effect: 'Allow', ...fields })
const FULL = allow({ Action: '*', Resource: '*' })
const S3_ONLY = doc(allow({ Action: 's3:*', Resource: '*' }))

describe('isAdminDocument', () => {
  it.each<[string, unknown, boolean]>([
    ['Action * on Resource *', doc(FULL), true],
    ['Action *:* on Resource *', doc(allow({ Action: '*:*', Resource: '*' })), true],
    ['Statement as a single object', { Version: '2012-10-17', Statement: FULL }, true],
    ['* inside an Action list', doc(allow({ Action: ['s3:GetObject', '*'], Resource: '*' })), true],
    ['*:* inside an Action list', doc(allow({ Action: ['ec2:*', '*:*'], Resource: ['*'] })), true],
    [
      '* inside a Resource list',
      doc(allow({ Action: '*', Resource: ['arn:aws:s3:::b', '*'] })),
      true
    ],
    ['empty Condition object', doc(allow({ Action: '*', Resource: '*', Condition: {} })), true],
    ['null Condition', doc(allow({ Action: '*', Resource: '*', Condition: null })), true],
    [
      'admin statement after a narrow one',
      doc(allow({ Action: 's3:*', Resource: '*' }), FULL),
      true
    ],
    [
      'admin statement next to a Deny',
      doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }, FULL),
      true
    ],
    ['with a Sid', doc({ Sid: 'All', ...FULL }), true],
    ['service wildcard only', S3_ONLY, false],
    [
      'Resource limited to one ARN',
      doc(allow({ Action: '*', Resource: 'arn:aws:s3:::bucket' })),
      false
    ],
    [
      'Resource wildcard ARN, not *',
      doc(allow({ Action: '*', Resource: 'arn:aws:*:*:*:*' })),
      false
    ],
    [
      'non-empty Condition',
      doc(
        allow({
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
        })
      ),
      false
    ],
    [
      'Condition with IP restriction',
      doc(
        allow({
          Action: '*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }
        })
      ),
      false
    ],
    ['NotAction', doc(allow({ NotAction: 'iam:*', Resource: '*' })), false],
    ['NotAction with an empty list', doc(allow({ NotAction: [], Resource: '*' })), false],
    ['NotResource', doc(allow({ Action: '*', NotResource: 'arn:aws:s3:::secret' })), false],
    ['Deny * on *', doc({ Effect: 'Deny', Action: '*', Resource: '*' }), false],
    ['Effect in lower case', doc({ Effect: 'allow', Action: '*', Resource: '*' }), false],
    ['no Effect', doc({ Action: '*', Resource: '*' }), false],
    ['no Resource', doc(allow({ Action: '*' })), false],
    ['no Action', doc(allow({ Resource: '*' })), false],
    ['Action *:Get*', doc(allow({ Action: '*:Get*', Resource: '*' })), false],
    ['Action s3:* and ec2:* list', doc(allow({ Action: ['s3:*', 'ec2:*'], Resource: '*' })), false],
    ['empty Statement list', doc(), false],
    ['no Statement', { Version: '2012-10-17' }, false],
    ['undecoded (undefined) document', undefined, false],
    ['document still a string', JSON.stringify(doc(FULL)), false],
    ['statement that is not an object', { Statement: ['*'] }, false]
  ])('%s → %s', (_shape, document, expected) => {
    expect(isAdminDocument(document)).toBe(expected)
  })
})

describe('isAdministratorAccessArn', () => {
  it.each<[string, boolean]>([
    ['arn:aws:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws-cn:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws-us-gov:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws-iso:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws-iso-b:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws-eusc:iam::aws:policy/AdministratorAccess', true],
    ['arn:aws:iam::111111111111:policy/AdministratorAccess', false],
    ['arn:aws:iam::aws:policy/AdministratorAccess-Amplify', false],
    ['arn:aws:iam::aws:policy/job-function/AdministratorAccess', false],
    ['arn:aws:iam::aws:policy/administratoraccess', false],
    ['AdministratorAccess', false]
  ])('%s → %s', (arn, expected) => {
    expect(isAdministratorAccessArn(arn)).toBe(expected)
  })
})

describe('findAdminReason', () => {
  const ADMIN_ACCESS = {
    name: 'AdministratorAccess',
    arn: 'arn:aws:iam::aws:policy/AdministratorAccess'
  }
  const breakGlass = policyItem({
    policyName: 'BreakGlass',
    grantsAdmin: isAdminDocument(doc(FULL))
  })
  const narrow = policyItem({ policyName: 'Narrow', grantsAdmin: isAdminDocument(S3_ONLY) })
  const policies = new Map<string, IamPolicyItem>([breakGlass, narrow].map(p => [p.arn, p]))
  const attach = (policy: IamPolicyItem) => ({ name: policy.policyName, arn: policy.arn })
  const groups = (...list: IamGroupItem[]): Map<string, IamGroupItem> =>
    new Map(list.map(g => [g.groupName, g]))

  it.each<[string, Parameters<typeof userItem>[0], Map<string, IamGroupItem>, string]>([
    [
      'AdministratorAccess attached to the user',
      { managedPolicies: [ADMIN_ACCESS] },
      groups(),
      'managed:AdministratorAccess'
    ],
    [
      'a customer managed policy whose default version is admin',
      { managedPolicies: [attach(narrow), attach(breakGlass)] },
      groups(),
      'managed:BreakGlass'
    ],
    [
      'an admin inline policy',
      { inlinePolicies: [{ name: 'Everything', grantsAdmin: isAdminDocument(doc(FULL)) }] },
      groups(),
      'inline:Everything'
    ],
    [
      'AdministratorAccess on a group',
      { groups: ['Ops'] },
      groups(groupItem({ groupName: 'Ops', managedPolicies: [ADMIN_ACCESS] })),
      'group:Ops/managed:AdministratorAccess'
    ],
    [
      'an admin customer managed policy on a group',
      { groups: ['Ops'] },
      groups(groupItem({ groupName: 'Ops', managedPolicies: [attach(breakGlass)] })),
      'group:Ops/managed:BreakGlass'
    ],
    [
      'an admin inline policy on a group',
      { groups: ['Ops'] },
      groups(
        groupItem({
          groupName: 'Ops',
          inlinePolicies: [{ name: 'All', grantsAdmin: isAdminDocument(doc(FULL)) }]
        })
      ),
      'group:Ops/inline:All'
    ],
    [
      'nothing admin',
      {
        managedPolicies: [attach(narrow)],
        inlinePolicies: [{ name: 'S3', grantsAdmin: isAdminDocument(S3_ONLY) }]
      },
      groups(),
      ''
    ],
    [
      'an attached customer managed policy Config did not record',
      { managedPolicies: [{ name: 'Unknown', arn: 'arn:aws:iam::111111111111:policy/Unknown' }] },
      groups(),
      ''
    ],
    ['a group the account does not have', { groups: ['Ghost'] }, groups(), ''],
    [
      'an undecodable inline policy',
      { inlinePolicies: [{ name: 'Broken', grantsAdmin: false }] },
      groups(),
      ''
    ]
  ])('names %s', (_path, user, groupsByName, expected) => {
    expect(findAdminReason(userItem(user), groupsByName, policies)).toBe(expected)
  })

  it('checks managed, then inline, then group managed, then group inline', () => {
    const adminGroups = groups(
      groupItem({
        groupName: 'A',
        inlinePolicies: [{ name: 'GroupInline', grantsAdmin: isAdminDocument(doc(FULL)) }]
      }),
      groupItem({ groupName: 'B', managedPolicies: [ADMIN_ACCESS] })
    )
    const inline = [{ name: 'UserInline', grantsAdmin: isAdminDocument(doc(FULL)) }]
    expect(
      findAdminReason(
        userItem({ groups: ['A', 'B'], inlinePolicies: inline, managedPolicies: [ADMIN_ACCESS] }),
        adminGroups,
        policies
      )
    ).toBe('managed:AdministratorAccess')
    expect(
      findAdminReason(
        userItem({ groups: ['A', 'B'], inlinePolicies: inline }),
        adminGroups,
        policies
      )
    ).toBe('inline:UserInline')
    expect(findAdminReason(userItem({ groups: ['A', 'B'] }), adminGroups, policies)).toBe(
      'group:B/managed:AdministratorAccess'
    )
    expect(findAdminReason(userItem({ groups: ['A'] }), adminGroups, policies)).toBe(
      'group:A/inline:GroupInline'
    )
  })

  it('names the first path by name, whatever order Config listed them in', () => {
    const user = (managedPolicies: { name: string; arn: string }[], groupNames: string[]) =>
      userItem({ managedPolicies, groups: groupNames })
    const adminGroups = groups(
      groupItem({ groupName: 'Zeta', managedPolicies: [ADMIN_ACCESS] }),
      groupItem({ groupName: 'Alpha', managedPolicies: [ADMIN_ACCESS] })
    )
    expect(findAdminReason(user([attach(breakGlass), ADMIN_ACCESS], []), groups(), policies)).toBe(
      'managed:AdministratorAccess'
    )
    expect(findAdminReason(user([ADMIN_ACCESS, attach(breakGlass)], []), groups(), policies)).toBe(
      'managed:AdministratorAccess'
    )
    expect(findAdminReason(user([], ['Zeta', 'Alpha']), adminGroups, policies)).toBe(
      'group:Alpha/managed:AdministratorAccess'
    )
  })
})
