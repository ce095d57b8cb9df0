// A small organization written by hand, with the report it must produce written by hand too, so the
// end-to-end test compares the bundled action's files with expectations that share no code with it.

const enc = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc))
const ADMIN_DOC = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }]
}

export const ACCOUNTS = [
  { id: '111111111111', name: 'Production "Core" | main' },
  { id: '222222222222', name: "=cmd|' /C calc'!A0, @octocat" },
  // A group and no users: counted nowhere, as account-count counts accounts with users.
  { id: '333333333333', name: 'sandbox' }
]

interface Row {
  accountId: string
  awsRegion: string
  resourceId: string
  resourceName: string
  resourceType: string
  arn: string
  resourceCreationTime: string
  configurationItemCaptureTime: string
  configuration: unknown
  tags: unknown
}

function user(
  accountId: string,
  name: string,
  id: string,
  config: Record<string, unknown>,
  extra: Partial<Row> = {}
): Row {
  const arn = `arn:aws:iam::${accountId}:user/${name}`
  return {
    accountId,
    awsRegion: 'global',
    resourceId: id,
    resourceName: name,
    resourceType: 'AWS::IAM::User',
    arn,
    resourceCreationTime: '2024-02-11T09:30:12.000Z',
    configurationItemCaptureTime: '2026-11-20T10:00:00.000Z',
    configuration: {
      path: '/',
      userName: name,
      userId: id,
      arn,
      createDate: '2024-02-11T09:30:12.000Z',
      groupList: [],
      attachedManagedPolicies: [],
      userPolicyList: [],
      permissionsBoundary: null,
      tags: [],
      ...config
    },
    tags: [],
    ...extra
  }
}

function group(accountId: string, name: string, id: string, config: Record<string, unknown>): Row {
  const arn = `arn:aws:iam::${accountId}:group/${name}`
  return {
    accountId,
    awsRegion: 'global',
    resourceId: id,
    resourceName: name,
    resourceType: 'AWS::IAM::Group',
    arn,
    resourceCreationTime: '2023-01-01T00:00:00.000Z',
    configurationItemCaptureTime: '2026-11-20T10:00:00.000Z',
    configuration: {
      path: '/',
      groupName: name,
      groupId: id,
      arn,
      attachedManagedPolicies: [],
      groupPolicyList: [],
      ...config
    },
    tags: []
  }
}

const ADMIN_ACCESS = {
  policyName: 'AdministratorAccess',
  policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess'
}
const READ_ONLY = {
  policyName: 'ReadOnlyAccess',
  policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess'
}

export const ROWS: Row[] = [
  group('333333333333', 'Auditors', 'AGPAAUDIT3', {}),
  group('111111111111', 'Admins', 'AGPAADMINS1', { attachedManagedPolicies: [ADMIN_ACCESS] }),
  group('111111111111', 'Developers', 'AGPADEVS1', {
    groupPolicyList: [
      {
        policyName: 'AllButIam',
        policyDocument: enc({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]
        })
      }
    ]
  }),
  // Same group name in another account, harmless there: must not make @ops an admin.
  group('222222222222', 'Admins', 'AGPAADMINS2', { attachedManagedPolicies: [READ_ONLY] }),
  {
    accountId: '111111111111',
    awsRegion: 'global',
    resourceId: 'ANPAFULLPOWER',
    resourceName: 'FullPower',
    resourceType: 'AWS::IAM::Policy',
    arn: 'arn:aws:iam::111111111111:policy/FullPower',
    resourceCreationTime: '2023-01-01T00:00:00.000Z',
    configurationItemCaptureTime: '2026-11-20T10:00:00.000Z',
    configuration: {
      policyName: 'FullPower',
      policyId: 'ANPAFULLPOWER',
      arn: 'arn:aws:iam::111111111111:policy/FullPower',
      defaultVersionId: 'v2',
      policyVersionList: [
        {
          versionId: 'v1',
          isDefaultVersion: false,
          document: enc({ Version: '2012-10-17', Statement: [] })
        },
        {
          versionId: 'v2',
          isDefaultVersion: true,
          document: enc({
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: ['s3:*', '*:*'], Resource: ['*'] }
          })
        }
      ]
    },
    tags: []
  },
  user(
    '111111111111',
    'alice',
    'AIDAALICE',
    { groupList: ['Admins'] },
    {
      tags: [{ key: 'team', value: 'platform', tag: 'team=platform' }]
    }
  ),
  // bob is recorded in two regions; the newer item (with the inline policy) wins.
  user(
    '111111111111',
    'bob',
    'AIDABOB',
    {},
    { awsRegion: 'us-east-1', configurationItemCaptureTime: '2026-11-01T10:00:00.000Z' }
  ),
  user(
    '111111111111',
    'bob',
    'AIDABOB',
    { userPolicyList: [{ policyName: 'Everything', policyDocument: enc(ADMIN_DOC) }] },
    {
      awsRegion: 'eu-west-1',
      configurationItemCaptureTime: '2026-11-21T10:00:00.000Z'
    }
  ),
  user('111111111111', 'carol', 'AIDACAROL', {
    attachedManagedPolicies: [
      { policyName: 'FullPower', policyArn: 'arn:aws:iam::111111111111:policy/FullPower' }
    ],
    permissionsBoundary: {
      permissionsBoundaryType: 'PermissionsBoundaryPolicy',
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/Boundary'
    }
  }),
  user('111111111111', '=danger', 'AIDADANGER', { groupList: ['Developers'] }),
  { ...user('111111111111', 'gone', 'AIDAGONE', {}), configuration: null },
  user('111111111111', 'dave', 'AIDADAVE', { attachedManagedPolicies: [ADMIN_ACCESS] }),
  user('222222222222', '@ops', 'AIDAOPS', { groupList: ['Admins'] }),
  group('222222222222', 'Ops', 'AGPAOPS2', {
    groupPolicyList: [{ policyName: 'BreakGlass', policyDocument: enc(ADMIN_DOC) }]
  }),
  user('222222222222', 'frank', 'AIDAFRANK', { groupList: ['Ops'] }),
  group('222222222222', 'Power', 'AGPAPOWER2', {
    attachedManagedPolicies: [
      { policyName: 'Power', policyArn: 'arn:aws:iam::222222222222:policy/Power' }
    ]
  }),
  {
    accountId: '222222222222',
    awsRegion: 'global',
    resourceId: 'ANPAPOWER',
    resourceName: 'Power',
    resourceType: 'AWS::IAM::Policy',
    arn: 'arn:aws:iam::222222222222:policy/Power',
    resourceCreationTime: '2023-01-01T00:00:00.000Z',
    configurationItemCaptureTime: '2026-11-20T10:00:00.000Z',
    configuration: {
      policyName: 'Power',
      policyId: 'ANPAPOWER',
      arn: 'arn:aws:iam::222222222222:policy/Power',
      defaultVersionId: 'v1',
      // A single version object instead of a list: a real shape.
      policyVersionList: {
        versionId: 'v1',
        isDefaultVersion: true,
        document: enc({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['*'], Resource: '*' }]
        })
      }
    },
    tags: []
  },
  user('222222222222', 'grace', 'AIDAGRACE', { groupList: ['Power'] }),
  // A group Config never recorded: reported, not dropped.
  user('222222222222', 'heidi', 'AIDAHEIDI', { groupList: ['Ghost'] }),
  // configuration as a JSON string, tags as a map: both real shapes.
  {
    ...user('222222222222', 'eve', 'AIDAEVE', {
      userPolicyList: {
        policyName: 'OfficeHours',
        policyDocument: enc({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
            }
          ]
        })
      }
    }),
    tags: { owner: 'eve@example.com' }
  }
].map(row =>
  row.resourceName === 'eve' ? { ...row, configuration: JSON.stringify(row.configuration) } : row
)

const HEADER =
  'account_id,account_name,user_name,user_id,arn,path,create_date,groups,managed_policies,inline_policies,group_managed_policies,group_inline_policies,permissions_boundary,is_admin,admin_reason,tags,config_captured_at'

/** The CSV the action must write for ROWS with account names, byte for byte. */
export const EXPECTED_CSV =
  [
    HEADER,
    `111111111111,"Production ""Core"" | main",'=danger,AIDADANGER,arn:aws:iam::111111111111:user/=danger,/,2024-02-11T09:30:12Z,Developers,,,,Developers/AllButIam,,false,,,2026-11-20T10:00:00Z`,
    `111111111111,"Production ""Core"" | main",alice,AIDAALICE,arn:aws:iam::111111111111:user/alice,/,2024-02-11T09:30:12Z,Admins,,,Admins/AdministratorAccess,,,true,group:Admins/managed:AdministratorAccess,team=platform,2026-11-20T10:00:00Z`,
    `111111111111,"Production ""Core"" | main",bob,AIDABOB,arn:aws:iam::111111111111:user/bob,/,2024-02-11T09:30:12Z,,,Everything,,,,true,inline:Everything,,2026-11-21T10:00:00Z`,
    `111111111111,"Production ""Core"" | main",carol,AIDACAROL,arn:aws:iam::111111111111:user/carol,/,2024-02-11T09:30:12Z,,FullPower,,,,arn:aws:iam::111111111111:policy/Boundary,true,managed:FullPower,,2026-11-20T10:00:00Z`,
    `111111111111,"Production ""Core"" | main",dave,AIDADAVE,arn:aws:iam::111111111111:user/dave,/,2024-02-11T09:30:12Z,,AdministratorAccess,,,,,true,managed:AdministratorAccess,,2026-11-20T10:00:00Z`,
    `222222222222,"'=cmd|' /C calc'!A0, @octocat",'@ops,AIDAOPS,arn:aws:iam::222222222222:user/@ops,/,2024-02-11T09:30:12Z,Admins,,,Admins/ReadOnlyAccess,,,false,,,2026-11-20T10:00:00Z`,
    `222222222222,"'=cmd|' /C calc'!A0, @octocat",eve,AIDAEVE,arn:aws:iam::222222222222:user/eve,/,2024-02-11T09:30:12Z,,,OfficeHours,,,,false,,owner=eve@example.com,2026-11-20T10:00:00Z`,
    `222222222222,"'=cmd|' /C calc'!A0, @octocat",frank,AIDAFRANK,arn:aws:iam::222222222222:user/frank,/,2024-02-11T09:30:12Z,Ops,,,,Ops/BreakGlass,,true,group:Ops/inline:BreakGlass,,2026-11-20T10:00:00Z`,
    `222222222222,"'=cmd|' /C calc'!A0, @octocat",grace,AIDAGRACE,arn:aws:iam::222222222222:user/grace,/,2024-02-11T09:30:12Z,Power,,,Power/Power,,,true,group:Power/managed:Power,,2026-11-20T10:00:00Z`,
    `222222222222,"'=cmd|' /C calc'!A0, @octocat",heidi,AIDAHEIDI,arn:aws:iam::222222222222:user/heidi,/,2024-02-11T09:30:12Z,Ghost,,,,,,false,,,2026-11-20T10:00:00Z`
  ].join('\r\n') + '\r\n'
