// AWS managed policy documents read from the IAM stand-in through the real SDK client, as the
// action reads them with its own session; and the stand-in's wire format as plain HTTP.
import { IAMClient } from '@aws-sdk/client-iam'
import { readManagedPolicyDocuments } from '../../src/aws/iam.js'
import { readAwsManagedPolicies } from '../../src/steps/managed-policies.js'
import { readFixture } from '../fixtures/read-fixture.js'
import { startStandins } from '../standins/index.js'
import type { Standins } from '../standins/index.js'

const NAMES = ['IAMFullAccess', 'IAMUserChangePassword', 'PowerUserAccess', 'ReadOnlyAccess']
const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`
const recorded = (name: string) =>
  readFixture<{ PolicyVersion: { Document: unknown } }>(`aws-managed-policies/${name}.json`)
    .PolicyVersion.Document
const noSleep = () => Promise.resolve()

let s: Standins
let iam: IAMClient

beforeAll(async () => {
  s = await startStandins()
  // The keys AssumeRoleWithWebIdentity hands the action, without a session that could end.
  const { accessKeyId, secretAccessKey } = s.sts.knobs
  iam = new IAMClient({
    region: 'us-east-1',
    endpoint: s.iam.url,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1
  })
})

afterAll(async () => {
  iam?.destroy()
  await s?.close()
})

beforeEach(() => {
  s.iam.knobs.denyPolicyReads = false
})

const callsSince = (before: { GetPolicy: number; GetPolicyVersion: number }) => {
  const now = s.iam.countPolicyCalls()
  return {
    GetPolicy: now.GetPolicy - before.GetPolicy,
    GetPolicyVersion: now.GetPolicyVersion - before.GetPolicyVersion
  }
}

describe('AWS managed policies from the IAM stand-in', () => {
  it('come back parsed as recorded, two calls each and none for AdministratorAccess', async () => {
    const before = s.iam.countPolicyCalls()
    const { documents, denied } = await readManagedPolicyDocuments(
      iam,
      [...NAMES, 'AdministratorAccess', 'IAMFullAccess'].map(managed),
      { concurrency: 4 }
    )
    expect(denied).toBeUndefined()
    expect(Object.fromEntries(documents)).toEqual(
      Object.fromEntries(
        [...NAMES, 'AdministratorAccess'].map(n => [managed(n), { document: recorded(n) }])
      )
    )
    expect(callsSince(before)).toEqual({ GetPolicy: 4, GetPolicyVersion: 4 })
  })

  it('give a policy IAM does not know its NoSuchEntity, and retry throttling', async () => {
    s.iam.failNext(1, { code: 'Throttling', status: 400, message: 'Rate exceeded' })
    const log: string[] = []
    const { documents } = await readManagedPolicyDocuments(
      iam,
      [managed('ReadOnlyAccess'), managed('NoSuchPolicy')],
      { concurrency: 1, sleep: noSleep, log: m => log.push(m) }
    )
    expect(Object.fromEntries(documents)).toEqual({
      [managed('NoSuchPolicy')]: {
        reason: `NoSuchEntity: Policy ${managed('NoSuchPolicy')} does not exist or is not attachable.`
      },
      [managed('ReadOnlyAccess')]: { document: recorded('ReadOnlyAccess') }
    })
    expect(log).toEqual([expect.stringMatching(/^Retry GetPolicy .*: Rate exceeded/)])
  })

  it('are refused with AccessDenied when denied: auto warns, true fails with the fix', async () => {
    s.iam.knobs.denyPolicyReads = true
    const before = s.iam.countPolicyCalls()
    const warnings: string[] = []
    const deps = { warn: (m: string) => warnings.push(m), log: () => {}, sleep: noSleep }
    const arns = NAMES.map(managed)
    const documents = await readAwsManagedPolicies(iam, arns, 'auto', deps)
    expect(warnings).toEqual([
      expect.stringContaining(
        'IAM refused to read their documents (AccessDenied: User: arn:aws:sts::111111111111:assumed-role/iam-user-report/iam-user-report is not authorized to perform: iam:GetPolicy on resource: policy arn:aws:iam::aws:policy/'
      )
    ])
    expect([...documents!.values()].every(d => 'reason' in d)).toBe(true)
    await expect(readAwsManagedPolicies(iam, arns, 'true', deps)).rejects.toThrow(
      /allow iam:GetPolicy and iam:GetPolicyVersion on arn:aws:iam::aws:policy\/\*/
    )
    // Up to one request per worker before the first denial stops the rest, per run.
    expect(callsSince(before).GetPolicy).toBeLessThanOrEqual(8)
    expect(callsSince(before).GetPolicyVersion).toBe(0)
  })

  it('speak the query protocol, the document URL-encoded as IAM sends it (plain HTTP)', async () => {
    const post = (body: string) =>
      fetch(s.iam.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261102/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00'
        },
        body
      })
    const arn = encodeURIComponent(managed('AdministratorAccess'))
    const policy = await post(`Action=GetPolicy&Version=2010-05-08&PolicyArn=${arn}`)
    expect(await policy.text()).toMatch(
      /^<GetPolicyResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GetPolicyResult><Policy><PolicyName>AdministratorAccess<\/PolicyName>.*<DefaultVersionId>v1<\/DefaultVersionId>.*<\/Policy><\/GetPolicyResult><ResponseMetadata><RequestId>[\w-]+<\/RequestId><\/ResponseMetadata><\/GetPolicyResponse>$/
    )
    const version = await post(
      `Action=GetPolicyVersion&Version=2010-05-08&PolicyArn=${arn}&VersionId=v1`
    )
    const text = await version.text()
    expect(text).toContain(
      '<GetPolicyVersionResult><PolicyVersion><Document>%7B%0A%20%20%20%20%22Version%22%3A%20%222012-10-17%22%2C'
    )
    expect(text).toContain('%22Action%22%3A%20%22%2A%22')
    const older = await post(
      `Action=GetPolicyVersion&Version=2010-05-08&PolicyArn=${arn}&VersionId=v0`
    )
    expect(older.status).toBe(404)
    s.iam.knobs.denyPolicyReads = true
    const denied = await post(`Action=GetPolicy&Version=2010-05-08&PolicyArn=${arn}`)
    expect(denied.status).toBe(403)
    expect(await denied.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: .* is not authorized to perform: iam:GetPolicy on resource: policy arn:aws:iam::aws:policy\/AdministratorAccess because no identity-based policy allows the iam:GetPolicy action<\/Message><\/Error><RequestId>/
    )
  })
})
