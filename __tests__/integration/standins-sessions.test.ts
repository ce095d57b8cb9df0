// Sessions that end: the STS stand-in's short sessions, and every AWS stand-in refusing a session
// token once its session has ended, in the words of that service.
import {
  ConfigServiceClient,
  SelectAggregateResourceConfigCommand
} from '@aws-sdk/client-config-service'
import { GenerateCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam'
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import { setTimeout as sleep } from 'node:timers/promises'
import { generateOrg, startStandins } from '../standins/index.js'
import type { Standins } from '../standins/index.js'

const region = 'us-east-1'
const longTerm = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
let s: Standins

beforeAll(async () => {
  s = await startStandins({ org: generateOrg({ seed: 3, accounts: 2, usersPerAccount: 2 }) })
  // Two seconds: more than one is left after STS rounds down, for the calls made before the end.
  s.sts.knobs.sessionSeconds = 2
})
afterAll(() => s?.close())

async function oidcToken(): Promise<string> {
  const res = await fetch(`${s.oidc.requestUrl}&audience=sts.amazonaws.com`, {
    headers: { authorization: `Bearer ${s.oidc.requestToken}` }
  })
  return ((await res.json()) as { value: string }).value
}

/** A web-identity session, as the action signs in. */
async function signIn(): Promise<AwsCredentialIdentity & { expiration: Date }> {
  const sts = new STSClient({ region, endpoint: s.sts.url, credentials: longTerm, maxAttempts: 1 })
  const { Credentials: c } = await sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: s.roleArn,
      RoleSessionName: 'iam-user-report',
      DurationSeconds: 900,
      WebIdentityToken: await oidcToken()
    })
  )
  sts.destroy()
  return {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
    expiration: c!.Expiration!
  }
}

/** Waits on the stand-in's own verdict, not on a guessed delay. */
async function untilExpired(credentials: AwsCredentialIdentity): Promise<void> {
  while (!s.sts.sessionExpired(credentials.sessionToken)) await sleep(50)
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ name: 'no failure', status: 0 }),
    (e: { name: string; $metadata: { httpStatusCode?: number } }) => ({
      name: e.name,
      status: e.$metadata.httpStatusCode
    })
  )

/** One request to each of Config, Organizations, S3 and STS, signed with `credentials`. */
function callEveryService(credentials: AwsCredentialIdentity) {
  const opts = { region, credentials, maxAttempts: 1 }
  const config = new ConfigServiceClient({ ...opts, endpoint: s.config.url })
  const organizations = new OrganizationsClient({ ...opts, endpoint: s.organizations.url })
  const s3 = new S3Client({ ...opts, endpoint: s.s3.url })
  const sts = new STSClient({ ...opts, endpoint: s.sts.url })
  const calls = Promise.all([
    failure(
      config.send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: 'org-aggregator',
          Expression: 'SELECT accountId'
        })
      )
    ),
    failure(organizations.send(new ListAccountsCommand({}))),
    failure(s3.send(new GetObjectCommand({ Bucket: 'acme-iam-reports', Key: 'absent' }))),
    failure(sts.send(new GetCallerIdentityCommand({})))
  ])
  return calls.finally(() => [config, organizations, s3, sts].forEach(c => c.destroy()))
}

describe('sessions that end', () => {
  it('issues a session of sessionSeconds, whatever DurationSeconds asked, with a token of its own', async () => {
    const before = Date.now()
    const first = await signIn()
    const after = Date.now()
    const second = await signIn()
    // The two seconds it was given, less the part STS drops by writing whole seconds.
    expect(first.expiration.getTime()).toBeGreaterThan(before + 1000)
    expect(first.expiration.getTime()).toBeLessThanOrEqual(after + 2000)
    expect(second.sessionToken).not.toBe(first.sessionToken)
    expect(s.sts.issued.map(i => i.sessionToken)).toEqual([first.sessionToken, second.sessionToken])
  })

  it('serves a live session and refuses it once ended, as each service does', async () => {
    const credentials = await signIn()
    // Before the end: the services answer (S3 with NoSuchKey for the absent object).
    expect(await callEveryService(credentials)).toEqual([
      { name: 'no failure', status: 0 },
      { name: 'no failure', status: 0 },
      { name: 'NoSuchKey', status: 404 },
      { name: 'no failure', status: 0 }
    ])
    await untilExpired(credentials)
    expect(await callEveryService(credentials)).toEqual([
      { name: 'ExpiredTokenException', status: 400 },
      { name: 'ExpiredTokenException', status: 400 },
      { name: 'ExpiredToken', status: 400 },
      { name: 'ExpiredToken', status: 403 }
    ])
    // A new session works again.
    expect((await callEveryService(await signIn()))[0]).toEqual({ name: 'no failure', status: 0 })
  })

  it('ends member sessions too: IAM refuses them, and STS refuses AssumeRole from an ended one', async () => {
    const account = s.config.getItems()[0] as { accountId: string }
    const RoleArn = `arn:aws:iam::${account.accountId}:role/iam-user-report-member`
    const source = await signIn()
    const sts = new STSClient({ region, endpoint: s.sts.url, credentials: source, maxAttempts: 1 })
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn, RoleSessionName: 'iam-user-report' })
    )
    const member = {
      accessKeyId: c!.AccessKeyId!,
      secretAccessKey: c!.SecretAccessKey!,
      sessionToken: c!.SessionToken!
    }
    const iam = new IAMClient({ region, endpoint: s.iam.url, credentials: member, maxAttempts: 1 })
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED')
    await untilExpired(member)
    await untilExpired(source)
    expect(await failure(iam.send(new GenerateCredentialReportCommand({})))).toEqual({
      name: 'ExpiredToken',
      status: 403
    })
    expect(
      await failure(
        sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'iam-user-report' }))
      )
    ).toEqual({ name: 'ExpiredToken', status: 403 })
    iam.destroy()
    sts.destroy()
  })
})

describe('a slow IAM', () => {
  it('keeps a report in generation while holdReport says so', async () => {
    s.sts.knobs.sessionSeconds = null
    const account = (s.config.getItems().at(-1) as { accountId: string }).accountId
    const sts = new STSClient({ region, endpoint: s.sts.url, credentials: longTerm })
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/iam-user-report-member`,
        RoleSessionName: 'iam-user-report'
      })
    )
    const iam = new IAMClient({
      region,
      endpoint: s.iam.url,
      credentials: {
        accessKeyId: c!.AccessKeyId!,
        secretAccessKey: c!.SecretAccessKey!,
        sessionToken: c!.SessionToken!
      }
    })
    let held = true
    s.iam.knobs.holdReport = id => id === account && held
    const state = async () => (await iam.send(new GenerateCredentialReportCommand({}))).State
    expect([await state(), await state(), await state()]).toEqual([
      'STARTED',
      'INPROGRESS',
      'INPROGRESS'
    ])
    held = false
    expect(await state()).toBe('COMPLETE')
    s.iam.knobs.holdReport = null
    iam.destroy()
    sts.destroy()
  })
})
