import { SELECT_FIELDS, parseConfigItem } from '../../../src/report/config-item.js'
import { asList } from '../../../src/report/config-fields.js'
import { decodePolicyDocument } from '../../../src/report/policy-document.js'
import type { IamGroupItem, IamItem, IamPolicyItem, IamUserItem } from '../../../src/report/types.js'
import { readFixture } from '../../fixtures/read-fixture.js'

const aggregateRows = readFixture<object[]>('select-aggregate-iam-items.json')
const singleAccountResponse = readFixture<{ Results: string[] }>(
  'select-resource-config-response.json'
)
const shapes = readFixture<Record<string, object>>('config-item-shapes.json')

function parse(row: string | object): { item: IamItem; warnings: string[] } {
  const warnings: string[] = []
  const item = parseConfigItem(row, message => warnings.push(message))
  return { item, warnings }
}

function parseAs<T extends IamItem>(row: string | object, kind: T['kind']): T {
  const { item, warnings } = parse(row)
  expect(warnings).toEqual([])
  expect(item.kind).toBe(kind)
  return item as T
}

const byName = (rows: object[], name: string): object =>
  rows.find(row => (row as { resourceName?: string }).resourceName === name) as object

/** The n-th inline policy document of a row as Config holds it, decoded. */
function rawInlineDocument(row: string | object, list: string, n = 0): unknown {
  const raw = (typeof row === 'string' ? JSON.parse(row) : row) as { configuration: unknown }
  const configuration = (
    typeof raw.configuration === 'string' ? JSON.parse(raw.configuration) : raw.configuration
  ) as Record<string, unknown>
  const policy = asList(configuration[list])[n] as { policyDocument: unknown }
  return decodePolicyDocument(policy.policyDocument)
}

describe('parseConfigItem', () => {
  it('selects configuration and tags by name, since SELECT * leaves them out', () => {
    expect(SELECT_FIELDS.join(', ')).toBe(
      'accountId, awsRegion, resourceId, resourceName, resourceType, arn, resourceCreationTime, configurationItemCaptureTime, configuration, tags'
    )
  })

  it('reads a user row of a SelectAggregateResourceConfig result', () => {
    expect(parseAs<IamUserItem>(byName(aggregateRows, 'alice'), 'user')).toEqual({
      kind: 'user',
      accountId: '111111111111',
      resourceId: 'AIDAAAAAAAAAAAAAALICE',
      awsRegion: 'global',
      capturedAt: '2026-10-31T22:10:05Z',
      userName: 'alice',
      userId: 'AIDAAAAAAAAAAAAAALICE',
      arn: 'arn:aws:iam::111111111111:user/alice',
      path: '/',
      createDate: '2024-02-11T09:30:12Z',
      groups: ['Developers', 'Admins'],
      managedPolicies: [],
      inlinePolicies: [],
      permissionsBoundary: '',
      tags: ['team=platform', 'cost-center=42']
    })
  })

  it('decodes URL-encoded inline policy documents, compact or pretty-printed, and judges them', () => {
    const bobRow = byName(aggregateRows, 'bob')
    const bob = parseAs<IamUserItem>(bobRow, 'user')
    expect(bob.inlinePolicies).toEqual([{ name: 'S3Everything', grantsAdmin: false }])
    expect(rawInlineDocument(bobRow, 'userPolicyList')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }]
    })
    const carlRow = byName(aggregateRows, 'carl')
    expect(parseAs<IamUserItem>(carlRow, 'user').inlinePolicies).toEqual([
      { name: expect.any(String), grantsAdmin: false }
    ])
    expect(rawInlineDocument(carlRow, 'userPolicyList')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'logs:Get*', Resource: '*' }]
    })
  })

  it('reads the permissions boundary ARN from its object, and none from null', () => {
    expect(parseAs<IamUserItem>(byName(aggregateRows, 'carl'), 'user').permissionsBoundary).toBe(
      'arn:aws:iam::111111111111:policy/DeveloperBoundary'
    )
    expect(parseAs<IamUserItem>(byName(aggregateRows, 'bob'), 'user').permissionsBoundary).toBe('')
  })

  it('reads attached managed policies as name and ARN', () => {
    expect(parseAs<IamUserItem>(byName(aggregateRows, 'bob'), 'user').managedPolicies).toEqual([
      { name: 'OldAdmin', arn: 'arn:aws:iam::111111111111:policy/OldAdmin' },
      { name: 'BreakGlass', arn: 'arn:aws:iam::111111111111:policy/BreakGlass' }
    ])
  })

  it('reads a group with its managed and inline policies', () => {
    const developers = parseAs<IamGroupItem>(byName(aggregateRows, 'Developers'), 'group')
    expect(developers).toMatchObject({
      groupName: 'Developers',
      accountId: '111111111111',
      arn: 'arn:aws:iam::111111111111:group/Developers',
      managedPolicies: []
    })
    expect(developers.inlinePolicies).toEqual([{ name: 'DeployLambdas', grantsAdmin: false }])
    expect(rawInlineDocument(byName(aggregateRows, 'Developers'), 'groupPolicyList')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['lambda:*', 'iam:PassRole'], Resource: '*' }]
    })
  })

  it('keeps only the default version of a customer managed policy', () => {
    const breakGlass = parseAs<IamPolicyItem>(byName(aggregateRows, 'BreakGlass'), 'policy')
    expect(breakGlass).toMatchObject({
      policyName: 'BreakGlass',
      arn: 'arn:aws:iam::111111111111:policy/BreakGlass'
    })
    expect(breakGlass.grantsAdmin).toBe(true)
    // Its first version allows everything; the default one only sts:GetCallerIdentity.
    const oldAdmin = parseAs<IamPolicyItem>(byName(aggregateRows, 'OldAdmin'), 'policy')
    expect(oldAdmin.grantsAdmin).toBe(false)
  })

  it('finds the default version by defaultVersionId when versions carry no flag', () => {
    const policy = parseAs<IamPolicyItem>(shapes.policyByDefaultVersionId!, 'policy')
    // Found, or the item would not be admin and a warning would say the version is missing.
    expect(policy.grantsAdmin).toBe(true)
  })

  it('reads SelectResourceConfig rows that are JSON strings holding configuration as a JSON string', () => {
    const [erin, frank, ops] = singleAccountResponse.Results.map(row => parse(row).item)
    expect(erin).toMatchObject({
      kind: 'user',
      accountId: '333333333333',
      userName: 'erin',
      groups: ['Ops'],
      capturedAt: '2026-11-01T06:00:00Z'
    })
    expect(frank).toMatchObject({ kind: 'user', userName: 'frank', groups: [], tags: [] })
    expect((ops as IamGroupItem).inlinePolicies[0]?.grantsAdmin).toBe(true)
    expect(rawInlineDocument(singleAccountResponse.Results[2]!, 'groupPolicyList')).toMatchObject({
      Statement: [{ Action: ['*:*'], Resource: ['arn:aws:s3:::logs', '*'] }]
    })
  })

  it('falls back to configuration.tags when the top-level tags are an empty map', () => {
    const erin = parseAs<IamUserItem>(singleAccountResponse.Results[0]!, 'user')
    expect(erin.tags).toEqual(['Owner=erin@example.com'])
  })

  it('prefers the top-level tags over configuration.tags', () => {
    const row = {
      ...byName(aggregateRows, 'alice'),
      tags: [{ tag: 'env=prod', key: 'env', value: 'prod' }]
    }
    expect(parseAs<IamUserItem>(row, 'user').tags).toEqual(['env=prod'])
  })

  it('gives users without groups, policies or tags one shared, frozen empty list', () => {
    const bare = (userName: string): object => ({
      accountId: '111111111111',
      resourceId: `AIDA${userName.toUpperCase()}`,
      resourceType: 'AWS::IAM::User',
      configuration: { userName, groupList: [], attachedManagedPolicies: [], userPolicyList: [] },
      tags: []
    })
    const [a, b] = ['ann', 'ben'].map(name => parseAs<IamUserItem>(bare(name), 'user'))
    for (const field of ['groups', 'managedPolicies', 'inlinePolicies', 'tags'] as const) {
      expect(a![field]).toEqual([])
      expect(a![field]).toBe(b![field])
      expect(Object.isFrozen(a![field])).toBe(true)
    }
  })

  it('reads a configuration item from a Config rule event: awsAccountId, ARN and a tag map', () => {
    expect(parseAs<IamUserItem>(shapes.ruleEventItem!, 'user')).toMatchObject({
      accountId: '111111111111',
      userName: 'ruled',
      arn: 'arn:aws:iam::111111111111:user/ops/ruled',
      path: '/ops/',
      tags: ['Owner=ops'],
      permissionsBoundary: '',
      capturedAt: '2026-07-13T13:09:06Z'
    })
  })

  it('accepts list fields that arrive as a single object, and documents already decoded', () => {
    const user = parseAs<IamUserItem>(shapes.singleObjectLists!, 'user')
    expect(user.groups).toEqual(['Admins'])
    expect(user.managedPolicies).toEqual([
      { name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }
    ])
    expect(user.inlinePolicies).toEqual([{ name: 'Decoded', grantsAdmin: false }])
    expect(rawInlineDocument(shapes.singleObjectLists!, 'userPolicyList')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]
    })
  })

  it('turns epoch seconds and milliseconds into ISO 8601 UTC without milliseconds', () => {
    const user = parseAs<IamUserItem>(shapes.epochTimes!, 'user')
    expect(user.capturedAt).toBe('2026-07-31T10:10:10Z')
    expect(user.createDate).toBe('2023-11-14T22:13:20Z')
  })

  it('reads a plain JSON document without URL-decoding the % signs inside it', () => {
    const user = parseAs<IamUserItem>(shapes.epochTimes!, 'user')
    expect(user.inlinePolicies).toEqual([{ name: expect.any(String), grantsAdmin: false }])
    expect(rawInlineDocument(shapes.epochTimes!, 'userPolicyList')).toMatchObject({
      Statement: [{ Resource: 'arn:aws:sqs:*:*:100%-queue' }]
    })
  })

  it('returns a deleted item for configuration: null', () => {
    expect(parse(shapes.deletedUser!).item).toEqual({
      kind: 'deleted',
      accountId: '111111111111',
      resourceId: 'AIDAAAAAAAAAAAAAAGONE',
      awsRegion: 'global',
      capturedAt: '2026-10-30T08:00:00Z',
      resourceType: 'AWS::IAM::User'
    })
  })

  it('returns a deleted item when the status says ResourceDeleted', () => {
    const row = { ...shapes.ruleEventItem, configurationItemStatus: 'ResourceDeleted' }
    expect(parse(row).item.kind).toBe('deleted')
  })

  it('warns about each undecodable document, naming account, user and policy, and keeps the policy', () => {
    const { item, warnings } = parse(shapes.undecodableDocument!)
    expect((item as IamUserItem).inlinePolicies).toEqual([
      { name: 'Truncated', grantsAdmin: false },
      { name: 'BadEscape', grantsAdmin: false }
    ])
    expect(warnings).toEqual([
      "Could not decode inline policy 'Truncated' of user 'broken' in account 222222222222: it is listed in the report but not checked for admin rights.",
      "Could not decode inline policy 'BadEscape' of user 'broken' in account 222222222222: it is listed in the report but not checked for admin rights."
    ])
  })

  it('warns when a customer managed policy has no default version', () => {
    const row = {
      accountId: '111111111111',
      resourceId: 'ANPANODEFAULT',
      resourceType: 'AWS::IAM::Policy',
      configuration: {
        policyName: 'NoDefault',
        policyVersionList: [{ versionId: 'v1', isDefaultVersion: false }]
      }
    }
    const { item, warnings } = parse(row)
    expect((item as IamPolicyItem).grantsAdmin).toBe(false)
    expect(warnings).toEqual([
      "The customer managed policy 'NoDefault' in account 111111111111 has no default version in AWS Config: it is not checked for admin rights."
    ])
  })

  it('infers the resource type from the ARN when resourceType is absent', () => {
    expect(parseAs<IamGroupItem>(shapes.noResourceType!, 'group').groupName).toBe('NoType')
  })

  it('infers the resource type from the configuration when there is no ARN either', () => {
    const row = { accountId: '1', resourceId: 'AIDAX', configuration: { userName: 'x' } }
    const policyRow = {
      accountId: '1',
      resourceId: 'ANPAX',
      configuration: { policyName: 'p', policyVersionList: [] }
    }
    expect(parse(row).item.kind).toBe('user')
    expect(parse(policyRow).item.kind).toBe('policy')
  })

  it('takes a missing accountId from the ARN and a missing resourceId from the configuration', () => {
    const row = {
      configuration: { userName: 'u', userId: 'AIDAU', arn: 'arn:aws:iam::444444444444:user/u' }
    }
    expect(parse(row).item).toMatchObject({ accountId: '444444444444', resourceId: 'AIDAU' })
  })

  it('throws naming the missing fields when a row cannot be identified', () => {
    expect(() => parse({ resourceName: 'nobody', configuration: {} })).toThrow(
      'AWS Config row for nobody is missing accountId and resourceId'
    )
    expect(() => parse({ accountId: '1', configuration: { groupName: 'g' } })).toThrow(
      'is missing resourceId'
    )
  })

  it('throws when the configuration was not selected', () => {
    expect(() =>
      parse({ accountId: '1', resourceId: 'AIDAX', resourceType: 'AWS::IAM::User' })
    ).toThrow('has no configuration: the query must select it by name')
  })

  it('throws on a row or configuration that is not JSON', () => {
    expect(() => parse('{"accountId":')).toThrow(
      'AWS Config returned a result row that is not JSON'
    )
    expect(() =>
      parse({ accountId: '1', resourceId: 'X', arn: 'arn:aws:iam::1:user/x', configuration: '{' })
    ).toThrow('AWS Config row for arn:aws:iam::1:user/x has a configuration that is not JSON')
  })

  it('throws on a resource type it does not read', () => {
    const row = {
      accountId: '1',
      resourceId: 'AROAX',
      resourceType: 'AWS::IAM::Role',
      configuration: {}
    }
    expect(() => parse(row)).toThrow(
      "unexpected resource type 'AWS::IAM::Role' for AROAX in account 1"
    )
  })
})
