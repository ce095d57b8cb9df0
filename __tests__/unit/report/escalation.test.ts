import {
  findEscalations,
  formatEscalation,
  type AccountAdmins,
  type EscalationSubject,
  type ReachingPolicy
} from '../../../src/report/escalation.js'
import { readFixture } from '../../fixtures/read-fixture.js'

const ARN = 'arn:aws:iam::111111111111'
const ALICE = `${ARN}:user/alice`
const DEVS = { name: 'devs', arn: `${ARN}:group/devs` }
const ADMINS = { name: 'admins', arn: `${ARN}:group/admins` }
const OPS = { name: 'ops', arn: `${ARN}:user/ops` }
const TOOLS = { name: 'tools', arn: `${ARN}:policy/tools` }
const ADMINS_OF_ACCOUNT: AccountAdmins = { adminGroups: [ADMINS], adminUsers: [OPS] }

const doc = (...Statement: object[]): object => ({ Version: '2012-10-17', Statement })
const allow = (fields: object): object => ({ Effect: 'Allow', ...fields })
const deny = (fields: object): object => ({ Effect: 'Deny', ...fields })
const allowOn = (Action: unknown, Resource: unknown = '*'): object =>
  doc(allow({ Action, Resource }))
const managed = (name: string, document: unknown): ReachingPolicy => ({
  via: `managed:${name}`,
  document
})

/** Alice: in group devs, reached by customer managed policy tools; the account has admins and ops. */
const alice = (
  policies: ReachingPolicy[],
  fields: Partial<EscalationSubject> = {}
): EscalationSubject => ({
  arn: ALICE,
  policies,
  groups: [DEVS],
  customerPolicies: [TOOLS],
  ...fields
})

// Every entry open to alice, in the order the result is sorted in.
const ALL = [
  'iam:AddUserToGroup group:admins',
  'iam:AttachGroupPolicy group:devs',
  'iam:AttachUserPolicy self',
  'iam:CreateAccessKey user:ops',
  'iam:CreateLoginProfile user:ops',
  'iam:CreatePolicyVersion policy:tools',
  'iam:PutGroupPolicy group:devs',
  'iam:PutUserPolicy self',
  'iam:UpdateLoginProfile user:ops'
]
const targeting = (...targets: string[]): string[] =>
  ALL.filter(entry => targets.includes(entry.slice(entry.indexOf(' ') + 1)))
const except = (...left: string[]): string[] => ALL.filter(entry => !left.includes(entry))
const SELF = targeting('self')
const OPS_ENTRIES = targeting('user:ops')
const via = (policy: string, entries: string[]): string[] => entries.map(e => `${e} via ${policy}`)
const IAM_FULL = managed('iam', allowOn('iam:*'))

function describeEscalations(subject: EscalationSubject, admins = ADMINS_OF_ACCOUNT): string[] {
  return findEscalations(subject, admins).map(e => `${formatEscalation(e)} via ${e.via}`)
}

describe('findEscalations', () => {
  it.each<[string, EscalationSubject, string[]]>([
    ['iam:* (IAMFullAccess-like)', alice([IAM_FULL]), via('managed:iam', ALL)],
    ['Action * on *', alice([managed('all', allowOn('*'))]), via('managed:all', ALL)],
    [
      'iam:Attach*',
      alice([managed('p', allowOn('iam:Attach*'))]),
      via('managed:p', ['iam:AttachGroupPolicy group:devs', 'iam:AttachUserPolicy self'])
    ],
    [
      'iam:?ttachUserPolicy',
      alice([managed('p', allowOn('iam:?ttachUserPolicy'))]),
      via('managed:p', ['iam:AttachUserPolicy self'])
    ],
    [
      'iam:*Policy* (many actions, one pattern)',
      alice([managed('p', allowOn('iam:*Policy*'))]),
      via('managed:p', [
        'iam:AttachGroupPolicy group:devs',
        'iam:AttachUserPolicy self',
        'iam:CreatePolicyVersion policy:tools',
        'iam:PutGroupPolicy group:devs',
        'iam:PutUserPolicy self'
      ])
    ],
    [
      'action in upper case',
      alice([managed('p', allowOn('IAM:PUTUSERPOLICY'))]),
      via('managed:p', ['iam:PutUserPolicy self'])
    ],
    [
      'action in lower case',
      alice([managed('p', allowOn('iam:putuserpolicy'))]),
      via('managed:p', ['iam:PutUserPolicy self'])
    ],
    ['iam:Get* only', alice([managed('p', allowOn(['iam:Get*', 'iam:List*']))]), []],
    [
      'NotAction s3:* (allows IAM)',
      alice([managed('p', doc(allow({ NotAction: 's3:*', Resource: '*' })))]),
      via('managed:p', ALL)
    ],
    [
      'NotAction iam:* (does not)',
      alice([managed('p', doc(allow({ NotAction: 'iam:*', Resource: '*' })))]),
      []
    ],
    [
      'NotAction list excluding the Put actions',
      alice([managed('p', doc(allow({ NotAction: ['iam:Put*', 's3:*'], Resource: '*' })))]),
      via('managed:p', except('iam:PutGroupPolicy group:devs', 'iam:PutUserPolicy self'))
    ],
    [
      'Resource naming only another user',
      alice([managed('p', allowOn('*', `${ARN}:user/bob`))]),
      []
    ],
    [
      'Resource arn:aws:iam::*:user/*',
      alice([managed('p', allowOn('iam:*', 'arn:aws:iam::*:user/*'))]),
      via('managed:p', targeting('self', 'user:ops'))
    ],
    [
      'Resource of the account’s groups',
      alice([managed('p', allowOn('iam:*', `${ARN}:group/*`))]),
      via('managed:p', [
        'iam:AddUserToGroup group:admins',
        'iam:AttachGroupPolicy group:devs',
        'iam:PutGroupPolicy group:devs'
      ])
    ],
    [
      'Resource of the account’s policies',
      alice([managed('p', allowOn('iam:*', `${ARN}:policy/*`))]),
      via('managed:p', ['iam:CreatePolicyVersion policy:tools'])
    ],
    [
      'Resource with ? for one character',
      alice([managed('p', allowOn('iam:*', `${ARN}:user/alic?`))]),
      via('managed:p', SELF)
    ],
    [
      'Resource in another case (ARNs are case-sensitive)',
      alice([managed('p', allowOn('iam:*', `${ARN}:user/Alice`))]),
      []
    ],
    [
      'Resource list holding the user’s ARN',
      alice([managed('p', allowOn(['iam:PutUserPolicy'], ['arn:aws:s3:::b', ALICE]))]),
      via('managed:p', ['iam:PutUserPolicy self'])
    ],
    [
      'NotResource of the user itself',
      alice([managed('p', doc(allow({ Action: 'iam:*', NotResource: ALICE })))]),
      via('managed:p', except(...SELF))
    ],
    ['NotResource *', alice([managed('p', doc(allow({ Action: 'iam:*', NotResource: '*' })))]), []],
    [
      'neither Resource nor NotResource',
      alice([managed('p', doc(allow({ Action: 'iam:*' })))]),
      []
    ],
    ['neither Action nor NotAction', alice([managed('p', doc(allow({ Resource: '*' })))]), []],
    [
      'a Condition (not counted)',
      alice([
        managed(
          'p',
          doc(
            allow({
              Action: 'iam:*',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
            })
          )
        )
      ]),
      []
    ],
    [
      'an empty Condition {} (counted)',
      alice([
        managed('p', doc(allow({ Action: 'iam:PutUserPolicy', Resource: '*', Condition: {} })))
      ]),
      via('managed:p', ['iam:PutUserPolicy self'])
    ],
    [
      'a Deny in a group policy subtracting',
      alice([
        IAM_FULL,
        {
          via: 'group:devs/inline:guard',
          document: doc(deny({ Action: 'iam:PutUserPolicy', Resource: '*' }))
        }
      ]),
      via('managed:iam', except('iam:PutUserPolicy self'))
    ],
    [
      'a Deny on the admin colleague only',
      alice([IAM_FULL, managed('guard', doc(deny({ Action: 'iam:*', Resource: OPS.arn })))]),
      via('managed:iam', except(...OPS_ENTRIES))
    ],
    [
      'a Deny with NotAction refusing everything else',
      alice([
        IAM_FULL,
        managed('guard', doc(deny({ NotAction: 'iam:CreateAccessKey', Resource: '*' })))
      ]),
      via('managed:iam', ['iam:CreateAccessKey user:ops'])
    ],
    [
      'a Deny before the Allow in the same document',
      alice([
        managed(
          'p',
          doc(
            deny({ Action: 'iam:Attach*', Resource: '*' }),
            allow({ Action: 'iam:*', Resource: '*' })
          )
        )
      ]),
      via('managed:p', except('iam:AttachGroupPolicy group:devs', 'iam:AttachUserPolicy self'))
    ],
    [
      'a conditional Deny (not subtracting)',
      alice([
        IAM_FULL,
        managed(
          'guard',
          doc(
            deny({
              Action: 'iam:*',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }
            })
          )
        )
      ]),
      via('managed:iam', ALL)
    ],
    [
      'Effect in lower case (neither allows nor denies)',
      alice([managed('p', doc({ Effect: 'allow', Action: 'iam:*', Resource: '*' }))]),
      []
    ],
    [
      'a lower-case deny does not subtract',
      alice([IAM_FULL, managed('guard', doc({ Effect: 'deny', Action: 'iam:*', Resource: '*' }))]),
      via('managed:iam', ALL)
    ],
    [
      'a boundary that does not allow IAM',
      alice([IAM_FULL], { boundary: { document: allowOn('s3:*') } }),
      []
    ],
    [
      'a boundary that allows IAM',
      alice([IAM_FULL], { boundary: { document: allowOn('iam:*') } }),
      via('managed:iam', ALL)
    ],
    [
      'a boundary allowing one action',
      alice([IAM_FULL], { boundary: { document: allowOn('iam:AttachUserPolicy') } }),
      via('managed:iam', ['iam:AttachUserPolicy self'])
    ],
    [
      'a boundary with NotAction iam:*',
      alice([IAM_FULL], {
        boundary: { document: doc(allow({ NotAction: 'iam:*', Resource: '*' })) }
      }),
      []
    ],
    [
      'a boundary with NotAction s3:*',
      alice([IAM_FULL], {
        boundary: { document: doc(allow({ NotAction: 's3:*', Resource: '*' })) }
      }),
      via('managed:iam', ALL)
    ],
    [
      'a boundary whose Deny subtracts',
      alice([IAM_FULL], {
        boundary: {
          document: doc(
            allow({ Action: '*', Resource: '*' }),
            deny({ Action: 'iam:CreatePolicyVersion', Resource: '*' })
          )
        }
      }),
      via('managed:iam', except('iam:CreatePolicyVersion policy:tools'))
    ],
    [
      'a boundary allowing IAM on the account’s groups only',
      alice([IAM_FULL], { boundary: { document: allowOn('iam:*', `${ARN}:group/*`) } }),
      via('managed:iam', targeting('group:admins', 'group:devs'))
    ],
    [
      'a boundary denying IAM on the admin colleague',
      alice([IAM_FULL], {
        boundary: {
          document: doc(
            allow({ Action: '*', Resource: '*' }),
            deny({ Action: 'iam:*', Resource: OPS.arn })
          )
        }
      }),
      via('managed:iam', except(...OPS_ENTRIES))
    ],
    ['a boundary not read', alice([IAM_FULL], { boundary: { document: undefined } }), []],
    [
      'a boundary alone grants nothing',
      alice([managed('p', allowOn('s3:*'))], { boundary: { document: allowOn('*') } }),
      []
    ],
    [
      'Statement as a single object',
      alice([
        managed('p', {
          Version: '2012-10-17',
          Statement: allow({ Action: 'iam:PutUserPolicy', Resource: ALICE })
        })
      ]),
      via('managed:p', ['iam:PutUserPolicy self'])
    ],
    [
      'Statement, Action and Resource as lists',
      alice([
        managed('p', { Statement: [allow({ Action: ['iam:PutUserPolicy'], Resource: [ALICE] })] })
      ]),
      via('managed:p', ['iam:PutUserPolicy self'])
    ],
    ['an empty Statement list', alice([managed('p', doc())]), []],
    [
      'an unknown (undefined) document',
      alice([{ via: 'managed:IAMFullAccess', document: undefined }]),
      []
    ],
    [
      'a document that is not an object',
      alice([
        managed('text', JSON.stringify(allowOn('iam:*'))),
        managed('list', [allowOn('iam:*')]),
        managed('null', null)
      ]),
      []
    ],
    [
      'a statement that is not an object',
      alice([managed('p', { Statement: ['iam:*', null] })]),
      []
    ],
    [
      'an unknown document beside a known one',
      alice([
        { via: 'managed:Unread', document: undefined },
        managed('p', allowOn('iam:PutUserPolicy'))
      ]),
      via('managed:p', ['iam:PutUserPolicy self'])
    ],
    [
      'via inline:P',
      alice([{ via: 'inline:self-service', document: allowOn('iam:PutUserPolicy') }]),
      via('inline:self-service', ['iam:PutUserPolicy self'])
    ],
    [
      'via group:G/managed:P (CreatePolicyVersion on a policy attached through a group)',
      alice([{ via: 'group:devs/managed:team', document: allowOn('iam:CreatePolicyVersion') }], {
        customerPolicies: [{ name: 'team', arn: `${ARN}:policy/team` }]
      }),
      via('group:devs/managed:team', ['iam:CreatePolicyVersion policy:team'])
    ],
    [
      'via group:G/inline:P',
      alice([{ via: 'group:devs/inline:join', document: allowOn('iam:AddUserToGroup') }]),
      via('group:devs/inline:join', ['iam:AddUserToGroup group:admins'])
    ],
    [
      'via is the first allowing policy in the given order',
      alice([
        managed('a', allowOn('s3:*')),
        { via: 'inline:b', document: allowOn('iam:PutUserPolicy') },
        { via: 'group:devs/managed:c', document: allowOn('iam:*') }
      ]),
      ALL.map(entry =>
        entry === 'iam:PutUserPolicy self'
          ? `${entry} via inline:b`
          : `${entry} via group:devs/managed:c`
      )
    ],
    [
      'a group or policy listed twice gives one entry',
      alice([IAM_FULL], { groups: [DEVS, DEVS], customerPolicies: [TOOLS, TOOLS] }),
      via('managed:iam', ALL)
    ],
    [
      'a user with no groups and no customer managed policies',
      alice([IAM_FULL], { groups: [], customerPolicies: [] }),
      via('managed:iam', targeting('self', 'user:ops', 'group:admins'))
    ],
    [
      '${aws:username} in the current policy language',
      alice([managed('p', allowOn('iam:*', 'arn:aws:iam::*:user/${aws:username}'))]),
      via('managed:p', SELF)
    ],
    [
      '${aws:username} in the 2008 policy language (plain text)',
      alice([
        managed('p', {
          Version: '2008-10-17',
          Statement: allow({ Action: 'iam:*', Resource: 'arn:aws:iam::*:user/${aws:username}' })
        })
      ]),
      []
    ],
    [
      'a variable the report does not know',
      alice([managed('p', allowOn('iam:*', 'arn:aws:iam::*:user/${aws:PrincipalTag/team}*'))]),
      []
    ]
  ])('%s', (_shape, subject, expected) => {
    expect(describeEscalations(subject)).toEqual(expected)
  })
})

describe('findEscalations: targets', () => {
  const OTHER = 'arn:aws:iam::222222222222'
  const NO_ADMINS: AccountAdmins = { adminGroups: [], adminUsers: [] }
  const cn = (resource: string): string => resource.replace('arn:aws:', 'arn:aws-cn:')
  const gov = (resource: string): string => resource.replace('arn:aws:', 'arn:aws-us-gov:')

  it.each<[string, EscalationSubject, AccountAdmins, string[]]>([
    [
      'AddUserToGroup into an admin group of the same account',
      alice([managed('p', allowOn('iam:AddUserToGroup'))]),
      { adminGroups: [ADMINS], adminUsers: [] },
      ['iam:AddUserToGroup group:admins via managed:p']
    ],
    [
      'AddUserToGroup into an admin group of another account',
      alice([managed('p', allowOn('iam:AddUserToGroup'))]),
      { adminGroups: [{ name: 'admins', arn: `${OTHER}:group/admins` }], adminUsers: [] },
      []
    ],
    [
      'AddUserToGroup into an admin group the user is already in',
      alice([managed('p', allowOn('iam:AddUserToGroup'))], { groups: [DEVS, ADMINS] }),
      { adminGroups: [ADMINS], adminUsers: [] },
      []
    ],
    [
      'CreateAccessKey on itself',
      alice([managed('p', allowOn('iam:CreateAccessKey'))]),
      { adminGroups: [], adminUsers: [{ name: 'alice', arn: ALICE }] },
      []
    ],
    [
      'CreateAccessKey on an admin colleague',
      alice([managed('p', allowOn('iam:CreateAccessKey'))]),
      { adminGroups: [], adminUsers: [{ name: 'alice', arn: ALICE }, OPS] },
      ['iam:CreateAccessKey user:ops via managed:p']
    ],
    [
      'CreateLoginProfile and UpdateLoginProfile on an admin colleague',
      alice([managed('p', allowOn(['iam:CreateLoginProfile', 'iam:UpdateLoginProfile']))]),
      ADMINS_OF_ACCOUNT,
      [
        'iam:CreateLoginProfile user:ops via managed:p',
        'iam:UpdateLoginProfile user:ops via managed:p'
      ]
    ],
    [
      'an admin user of another account',
      alice([IAM_FULL]),
      { adminGroups: [], adminUsers: [{ name: 'ops', arn: `${OTHER}:user/ops` }] },
      via('managed:iam', targeting('self', 'group:devs', 'policy:tools'))
    ],
    [
      'no admins in the account',
      alice([IAM_FULL]),
      NO_ADMINS,
      via('managed:iam', targeting('self', 'group:devs', 'policy:tools'))
    ],
    [
      'aws-cn ARNs matched by an aws-cn pattern',
      alice([managed('p', allowOn('iam:*', 'arn:aws-cn:iam::*:user/*'))], { arn: cn(ALICE) }),
      { adminGroups: [], adminUsers: [{ name: 'ops', arn: cn(OPS.arn) }] },
      via('managed:p', targeting('self', 'user:ops'))
    ],
    [
      'aws-cn ARNs not matched by an aws pattern',
      alice([managed('p', allowOn('iam:*', 'arn:aws:iam::*:user/*'))], { arn: cn(ALICE) }),
      { adminGroups: [], adminUsers: [{ name: 'ops', arn: cn(OPS.arn) }] },
      []
    ],
    [
      'aws-us-gov: an admin group with the account id of another partition is not a target',
      alice([managed('p', allowOn('iam:AddUserToGroup'))], { arn: gov(ALICE), groups: [] }),
      {
        adminGroups: [ADMINS, { name: 'gov-admins', arn: gov(`${ARN}:group/gov-admins`) }],
        adminUsers: []
      },
      ['iam:AddUserToGroup group:gov-admins via managed:p']
    ],
    [
      'paths in user and group ARNs',
      alice(
        [managed('p', allowOn('iam:*', [`${ARN}:user/division/*`, `${ARN}:group/division/*`]))],
        {
          arn: `${ARN}:user/division/alice`,
          groups: [{ name: 'devs', arn: `${ARN}:group/division/devs` }]
        }
      ),
      { adminGroups: [ADMINS], adminUsers: [{ name: 'ops', arn: `${ARN}:user/division/ops` }] },
      via('managed:p', targeting('self', 'group:devs', 'user:ops'))
    ],
    [
      'a path-less pattern does not match a user with a path',
      alice([managed('p', allowOn('iam:*', ALICE))], { arn: `${ARN}:user/division/alice` }),
      NO_ADMINS,
      []
    ],
    [
      '${aws:username} is the name without the path',
      alice([managed('p', allowOn('iam:*', `${ARN}:user/division/\${aws:username}`))], {
        arn: `${ARN}:user/division/alice`
      }),
      NO_ADMINS,
      via('managed:p', SELF)
    ]
  ])('%s', (_shape, subject, admins, expected) => {
    expect(describeEscalations(subject, admins)).toEqual(expected)
  })
})

describe('findEscalations with AWS managed policies', () => {
  const document = (name: string): unknown =>
    readFixture<{ PolicyVersion: { Document: unknown } }>(`aws-managed-policies/${name}.json`)
      .PolicyVersion.Document

  it.each<[string, string[]]>([
    ['AdministratorAccess', ALL],
    ['IAMFullAccess', ALL],
    // NotAction iam:*, organizations:*, account:*; its IAM actions are service-linked roles only.
    ['PowerUserAccess', []],
    // iam:Generate*, Get*, List*, Simulate*: reading only.
    ['ReadOnlyAccess', []],
    // iam:ChangePassword on the user's own ARN; no escalation action.
    ['IAMUserChangePassword', []]
  ])('%s attached to the user', (name, expected) => {
    expect(describeEscalations(alice([managed(name, document(name))]))).toEqual(
      via(`managed:${name}`, expected)
    )
  })

  it.each<[string, string[]]>([
    ['AdministratorAccess', ALL],
    ['PowerUserAccess', []],
    ['ReadOnlyAccess', []]
  ])('IAMFullAccess within the boundary %s', (boundary, expected) => {
    const subject = alice([managed('IAMFullAccess', document('IAMFullAccess'))], {
      boundary: { document: document(boundary) }
    })
    expect(describeEscalations(subject)).toEqual(via('managed:IAMFullAccess', expected))
  })
})

describe('findEscalations with one document shared by many users', () => {
  it('resolves ${aws:username} for each user', () => {
    const selfService = managed('self', allowOn('iam:*', `${ARN}:user/\${aws:username}`))
    const bob = alice([selfService], { arn: `${ARN}:user/bob` })
    expect(describeEscalations(alice([selfService]))).toEqual(via('managed:self', SELF))
    expect(describeEscalations(bob)).toEqual(via('managed:self', SELF))
  })
})

describe('findEscalations on hostile patterns', () => {
  it('judges a pattern of a thousand stars against a long path quickly', () => {
    const arn = `${ARN}:user/${'a/'.repeat(250)}alice`
    const pattern = `${ARN}:user/${'*a'.repeat(1000)}*b`
    const started = performance.now()
    expect(
      findEscalations(alice([managed('p', allowOn('iam:*', pattern))], { arn }), ADMINS_OF_ACCOUNT)
    ).toEqual([])
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
