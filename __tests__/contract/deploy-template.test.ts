import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import {
  collectReferences,
  deployStack,
  loadTemplate,
  PSEUDO,
  type Json,
  type Stack
} from '../fixtures/cloudformation.js'

const ROOT = join(import.meta.dirname, '..', '..')
const template = loadTemplate(join(ROOT, 'deploy', 'iam-user-report.yaml'))

// ---- What the code calls: every `new XCommand(` in src/, by the @aws-sdk client it comes from.

/** IAM's service prefix of each SDK client package; a new client needs its prefix here. */
const IAM_PREFIX: Record<string, string> = {
  'config-service': 'config',
  iam: 'iam',
  organizations: 'organizations',
  s3: 's3',
  sts: 'sts'
}
/** Commands whose IAM action is not named after the operation. */
const IAM_ACTION_OF: Record<string, string> = {
  's3:HeadObject': 's3:GetObject',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  's3:DeleteObjects': 's3:DeleteObject'
}
/** Sent with the member role's credentials in each account: deploy/member-role.yaml grants them. */
const WITH_MEMBER_CREDENTIALS = ['iam:GenerateCredentialReport', 'iam:GetCredentialReport']
/** Sent by the code, but not a permission of the role — and why. */
const NOT_ON_ROLE: Record<string, string> = {
  'sts:AssumeRoleWithWebIdentity':
    "is how the role is entered: the trust policy's action for the OIDC provider, not a permission of the role",
  'config:SelectResourceConfig':
    'serves only single-account mode (aggregator-name empty); the stack deploys aggregator mode, and granting it would be broader than what runs',
  ...Object.fromEntries(
    WITH_MEMBER_CREDENTIALS.map(action => [
      action,
      "is sent with the member role's credentials in each account (deploy/member-role.yaml); the reporting role only assumes that role"
    ])
  )
}
/** Not a command of its own, but needed: S3 answers a missing baseline with AccessDenied without it. */
const ALSO_NEEDED = ['s3:ListBucket']
/**
 * Granted only when asked: ListAccounts with AllowAccountNames=true (without it `account-names:
 * auto` carries on unnamed), AssumeRole with a MemberRoleName (the credential-report enrichment).
 */
const OPTIONAL = ['organizations:ListAccounts', 'sts:AssumeRole']

interface SdkCall {
  readonly file: string
  readonly action: string
}

function sdkCallsInSource(): { calls: SdkCall[]; unresolved: string[] } {
  const calls: SdkCall[] = []
  const unresolved: string[] = []
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  for (const file of files.filter(f => f.endsWith('.ts'))) {
    const text = readFileSync(join(ROOT, 'src', file), 'utf8')
    const imported = new Map<string, { service: string; name: string }>()
    for (const m of text.matchAll(/import\s+\{([^}]*)\}\s+from\s+'@aws-sdk\/client-([\w-]+)'/g)) {
      for (const spec of m[1].split(',').map(s => s.trim())) {
        const [name, local = name] = spec.replace(/^type\s+/, '').split(/\s+as\s+/)
        if (name) imported.set(local, { service: m[2], name })
      }
    }
    const sent = new Set<string>()
    for (const [local, source] of imported) {
      if (!source.name.endsWith('Command')) continue
      if (!new RegExp(`new\\s+${local}\\s*\\(`).test(text)) continue
      sent.add(local)
      const prefix = IAM_PREFIX[source.service]
      if (!prefix) {
        unresolved.push(`${file}: @aws-sdk/client-${source.service} has no IAM prefix in this test`)
        continue
      }
      const action = `${prefix}:${source.name.replace(/Command$/, '')}`
      calls.push({ file, action: IAM_ACTION_OF[action] ?? action })
    }
    // A command from anywhere else (a re-export, a namespace import) would escape the check.
    for (const m of text.matchAll(/new\s+([\w.]+Command)\s*\(/g)) {
      if (!sent.has(m[1]))
        unresolved.push(`${file}: ${m[1]} is not imported from an @aws-sdk client`)
    }
  }
  return { calls, unresolved }
}

const scan = sdkCallsInSource()
const actionsInCode = [...new Set(scan.calls.map(c => c.action))].sort()

// ---- The stack, deployed two ways.

const REPO = { GitHubOwner: 'acme', GitHubRepository: 'security-reports' }
const PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'
const AGGREGATOR_ARN =
  'arn:aws:config:eu-west-1:111122223333:config-aggregator/config-aggregator-abcd1234'
const everythingNew = deployStack(template, {
  ...REPO,
  CreateAggregator: 'true',
  MemberRoleName: 'iam-user-report-member'
})
const intoExisting = deployStack(template, {
  ...REPO,
  GitHubBranch: 'release',
  GitHubOwnerId: '123456',
  GitHubRepositoryId: '987654321',
  GitHubOidcProviderArn: PROVIDER_ARN,
  ExistingAggregatorArn: AGGREGATOR_ARN,
  AllowAccountNames: 'false',
  BucketName: 'acme-iam-reports',
  ReportPrefix: 'audit/iam/'
})

interface Interface {
  ParameterGroups: { Parameters: string[] }[]
}

interface Statement {
  Sid?: string
  Effect: string
  Action: string[]
  Resource: string[]
  Condition?: Record<string, Record<string, string | string[]>>
  Principal?: unknown
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)])
const statementsOf = (document: unknown): Statement[] =>
  (document as { Statement: Json[] }).Statement.map(s => ({
    ...(s as unknown as Statement),
    Action: asList(s.Action),
    Resource: s.Resource === undefined ? [] : asList(s.Resource)
  }))
const role = (stack: Stack): Json => stack.resources.ReportRole.Properties
const permissions = (stack: Stack): Statement[] =>
  (role(stack).Policies as { PolicyDocument: unknown }[]).flatMap(p =>
    statementsOf(p.PolicyDocument)
  )
const granted = (stack: Stack): string[] =>
  [...new Set(permissions(stack).flatMap(s => s.Action))].sort()
const statementFor = (stack: Stack, action: string): Statement => {
  const found = permissions(stack).filter(s => s.Action.includes(action))
  expect(found).toHaveLength(1)
  return found[0]
}

describe('deploy/iam-user-report.yaml', () => {
  it('finds the AWS commands the action sends, each imported from an AWS SDK client', () => {
    expect(scan.unresolved).toEqual([])
    expect(actionsInCode).toEqual(
      expect.arrayContaining([
        'config:SelectAggregateResourceConfig',
        'organizations:ListAccounts',
        's3:GetObject',
        's3:PutObject',
        'sts:AssumeRoleWithWebIdentity'
      ])
    )
    // An exemption for a command the code no longer sends would hide nothing but itself.
    for (const action of Object.keys(NOT_ON_ROLE)) expect(actionsInCode).toContain(action)
  })

  it('grants the role exactly the actions src/ sends, plus s3:ListBucket, and nothing broader', () => {
    const needed = actionsInCode.filter(a => !(a in NOT_ON_ROLE)).concat(ALSO_NEEDED)
    expect(granted(everythingNew)).toEqual([...new Set(needed)].sort())
    expect(granted(intoExisting)).toEqual(
      [...new Set(needed)].filter(a => !OPTIONAL.includes(a)).sort()
    )
  })

  it('allows no wildcard action, and Resource * only for organizations:ListAccounts', () => {
    for (const s of permissions(everythingNew)) {
      expect(s.Effect).toBe('Allow')
      for (const action of s.Action) expect(action).not.toMatch(/\*|\?/)
      if (s.Resource.includes('*')) expect(s.Action).toEqual(['organizations:ListAccounts'])
      expect(s.Resource.length).toBeGreaterThan(0)
    }
  })

  it('scopes S3 to the report prefix, and ListBucket to the baseline key', () => {
    for (const [stack, bucket, prefix] of [
      [everythingNew, '{{ReportBucket}}', 'iam-user-report/'],
      [intoExisting, '{{ReportBucket}}', 'audit/iam/']
    ] as const) {
      const objects = statementFor(stack, 's3:PutObject')
      expect(objects.Action.sort()).toEqual(['s3:GetObject', 's3:PutObject'])
      expect(objects.Resource).toEqual([`arn:aws:s3:::${bucket}/${prefix}*`])
      const list = statementFor(stack, 's3:ListBucket')
      expect(list.Action).toEqual(['s3:ListBucket'])
      expect(list.Resource).toEqual(['{{ReportBucket.Arn}}'])
      expect(list.Condition).toEqual({ StringEquals: { 's3:prefix': `${prefix}latest.json` } })
    }
    expect(intoExisting.resources.ReportBucket.Properties.BucketName).toBe('acme-iam-reports')
    expect(everythingNew.resources.ReportBucket.Properties).not.toHaveProperty('BucketName')
  })

  it('scopes the Config query to the aggregator the stack creates, or the one it is given', () => {
    expect(statementFor(everythingNew, 'config:SelectAggregateResourceConfig').Resource).toEqual([
      '{{Aggregator.ConfigurationAggregatorArn}}'
    ])
    expect(statementFor(intoExisting, 'config:SelectAggregateResourceConfig').Resource).toEqual([
      AGGREGATOR_ARN
    ])
  })

  it("reads AWS managed policies only, in the stack's partition", () => {
    for (const stack of [everythingNew, intoExisting]) {
      const reads = statementFor(stack, 'iam:GetPolicy')
      expect(reads.Action.sort()).toEqual(['iam:GetPolicy', 'iam:GetPolicyVersion'])
      expect(reads.Resource).toEqual(['arn:aws:iam::aws:policy/*'])
    }
    const written = (
      template.Resources.ReportRole.Properties?.Policies as { PolicyDocument: Json }[]
    )
      .flatMap(p => p.PolicyDocument.Statement as Json[])
      .find(s => s.Sid === 'ReadAwsManagedPolicies')
    expect(written?.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/*' })
  })

  it('lets only one repository and branch assume the role, in both sub forms', () => {
    const trust = (stack: Stack) => statementsOf(role(stack).AssumeRolePolicyDocument)
    const subjects = (stack: Stack): string[] => {
      const [s] = trust(stack)
      expect(trust(stack)).toHaveLength(1)
      expect(s.Effect).toBe('Allow')
      expect(s.Action).toEqual(['sts:AssumeRoleWithWebIdentity'])
      expect(Object.keys(s.Condition ?? {})).toEqual(['StringEquals'])
      const equals = s.Condition!.StringEquals
      expect(Object.keys(equals).sort()).toEqual([
        'token.actions.githubusercontent.com:aud',
        'token.actions.githubusercontent.com:sub'
      ])
      expect(equals['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com')
      const sub = asList(equals['token.actions.githubusercontent.com:sub'])
      for (const value of sub) expect(value).not.toMatch(/\*|\?/)
      return sub
    }
    expect(trust(everythingNew)[0].Principal).toEqual({ Federated: '{{GitHubOidcProvider}}' })
    expect(subjects(everythingNew)).toEqual(['repo:acme/security-reports:ref:refs/heads/main'])
    expect(trust(intoExisting)[0].Principal).toEqual({ Federated: PROVIDER_ARN })
    expect(subjects(intoExisting)).toEqual([
      'repo:acme/security-reports:ref:refs/heads/release',
      'repo:acme@123456/security-reports@987654321:ref:refs/heads/release'
    ])
  })

  it('creates the GitHub OIDC provider only when no provider ARN is given', () => {
    expect(everythingNew.resources.GitHubOidcProvider.Properties).toMatchObject({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com']
    })
    expect(intoExisting.resources).not.toHaveProperty('GitHubOidcProvider')
  })

  it('makes a private, encrypted, versioned, TLS-only bucket that expires old reports', () => {
    const bucket = everythingNew.resources.ReportBucket
    expect(bucket.DeletionPolicy).toBe('Retain')
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }
        ]
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' }
    })
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Json[] }).Rules
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        Prefix: 'iam-user-report/reports/',
        ExpirationInDays: '730'
      })
    )
    const policy = statementsOf(
      everythingNew.resources.ReportBucketPolicy.Properties.PolicyDocument
    )
    expect(policy).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: ['s3:*'],
        Resource: ['{{ReportBucket.Arn}}', '{{ReportBucket.Arn}}/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } }
      })
    ])
  })

  it('creates an organization aggregator over all regions with its Config role only when asked', () => {
    const { Aggregator, AggregatorRole } = everythingNew.resources
    expect(Aggregator.Properties).toEqual({
      ConfigurationAggregatorName: 'org-aggregator',
      OrganizationAggregationSource: { AllAwsRegions: true, RoleArn: '{{AggregatorRole.Arn}}' }
    })
    expect(AggregatorRole.Properties.ManagedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations'
    ])
    expect(intoExisting.resources).not.toHaveProperty('Aggregator')
    expect(intoExisting.resources).not.toHaveProperty('AggregatorRole')
  })

  it("outputs the action's inputs", () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>
    }
    for (const [name, output] of Object.entries(template.Outputs)) {
      const input = (output.Description ?? '').split(' ')[0]
      expect([name, input in action.inputs]).toEqual([name, true])
    }
    expect(template.Parameters.ReportPrefix.Default).toBe(action.inputs['s3-prefix'].default)
    expect(everythingNew.outputs).toMatchObject({
      RoleArn: '{{ReportRole.Arn}}',
      BucketName: '{{ReportBucket}}',
      AggregatorName: '{{Aggregator}}',
      Region: PSEUDO['AWS::Region']
    })
    expect(intoExisting.outputs).toMatchObject({
      AggregatorName: 'org-aggregator',
      Region: 'eu-west-1',
      S3Prefix: 'audit/iam/'
    })
  })

  it('defines every parameter, resource and condition it refers to', () => {
    const found = collectReferences(template)
    const defined = new Set([
      ...Object.keys(template.Parameters),
      ...Object.keys(template.Resources),
      ...Object.keys(PSEUDO),
      'AWS::NoValue'
    ])
    expect(found.refs.filter(r => !defined.has(r))).toEqual([])
    expect(found.getAtts.filter(r => !(r in template.Resources))).toEqual([])
    expect(found.conditions.filter(c => !(c in template.Conditions))).toEqual([])
    const used = new Set(found.refs)
    expect(Object.keys(template.Parameters).filter(p => !used.has(p))).toEqual([])
    // The console shows only the parameters its groups list, in their order.
    const groups = (template.Metadata?.['AWS::CloudFormation::Interface'] as Interface)
      .ParameterGroups
    expect(groups.flatMap(g => g.Parameters).sort()).toEqual(
      Object.keys(template.Parameters).sort()
    )
  })
})

describe('deploy/member-role.yaml', () => {
  const member = deployStack(loadTemplate(join(ROOT, 'deploy', 'member-role.yaml')), {
    ReportingRoleArn: 'arn:aws:iam::111122223333:role/iam-user-report'
  })
  const memberRole = member.resources.MemberRole.Properties

  it('grants exactly the IAM actions src/ sends with member credentials, on the only resource they take', () => {
    const statements = (memberRole.Policies as { PolicyDocument: unknown }[]).flatMap(p =>
      statementsOf(p.PolicyDocument)
    )
    for (const action of WITH_MEMBER_CREDENTIALS) expect(actionsInCode).toContain(action)
    expect(statements.flatMap(s => s.Action).sort()).toEqual([...WITH_MEMBER_CREDENTIALS].sort())
    for (const s of statements) expect(s.Resource).toEqual(['*'])
  })

  it('trusts the reporting role alone, which in turn may assume only this role name', () => {
    const [trust] = statementsOf(memberRole.AssumeRolePolicyDocument)
    expect(trust.Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:role/iam-user-report' })
    expect(trust.Action).toEqual(['sts:AssumeRole'])
    expect(memberRole.RoleName).toBe('iam-user-report-member')
    expect(statementFor(everythingNew, 'sts:AssumeRole').Resource).toEqual([
      'arn:aws:iam::*:role/iam-user-report-member'
    ])
    expect(permissions(intoExisting).flatMap(s => s.Action)).not.toContain('sts:AssumeRole')
  })
})
