// STS AssumeRole and the IAM credential-report stand-in, through the real SDK clients and as
// plain HTTP for what the SDK would never send.
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { parse } from 'csv-parse/sync'
import { parseCredentialReport } from '../../src/report/credential-report.js'
import { generateOrg, startStandins, summarizeOrg } from '../standins/index.js'
import type { Org, Standins } from '../standins/index.js'

const region = 'us-east-1'
const source = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
let s: Standins
let org: Org
let sts: STSClient

beforeAll(async () => {
  org = generateOrg({ seed: 5, accounts: 4, usersPerAccount: 14 })
  s = await startStandins({ org })
  sts = new STSClient({ region, endpoint: s.sts.url, credentials: source, maxAttempts: 1 })
})

afterAll(async () => {
  sts?.destroy()
  await s?.close()
})

const roleIn = (account: string) => `arn:aws:iam::${account}:role/iam-user-report-member`

async function member(account: string) {
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleIn(account),
      RoleSessionName: 'iam-user-report',
      DurationSeconds: 900
    })
  )
  const c = out.Credentials!
  const credentials = {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!
  }
  return {
    out,
    credentials,
    iam: new IAMClient({ region, endpoint: s.iam.url, credentials, maxAttempts: 1 })
  }
}

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: { name: string; Code?: string; $metadata: { httpStatusCode?: number } }) => ({
      name: e.name,
      code: e.Code,
      status: e.$metadata.httpStatusCode
    })
  )

describe('STS stand-in: AssumeRole', () => {
  it('issues 15-minute member credentials whose key id names the account', async () => {
    const account = org.accounts[1].id
    const { out, credentials } = await member(account)
    expect(credentials.accessKeyId).toMatch(new RegExp(`^ASIA${account}[A-Z2-7]{4}$`))
    expect(out.AssumedRoleUser).toEqual({
      AssumedRoleId: 'AROASTANDIN00000000:iam-user-report',
      Arn: `arn:aws:sts::${account}:assumed-role/iam-user-report-member/iam-user-report`
    })
    const expires = out.Credentials!.Expiration!.getTime() - Date.now()
    expect(expires).toBeGreaterThan(890_000)
    expect(expires).toBeLessThanOrEqual(900_000)
    const asMember = new STSClient({ region, endpoint: s.sts.url, credentials, maxAttempts: 1 })
    const me = await asMember.send(new GetCallerIdentityCommand({}))
    expect(me.Account).toBe(account)
    asMember.destroy()
  })

  it('denies roles in denied accounts with a 403 AccessDenied naming the role', async () => {
    const account = org.accounts[2].id
    s.sts.knobs.deniedAccounts = new Set([account])
    const err = await sts
      .send(new AssumeRoleCommand({ RoleArn: roleIn(account), RoleSessionName: 'iam-user-report' }))
      .catch((e: Error & { $metadata: { httpStatusCode?: number } }) => e)
    s.sts.knobs.deniedAccounts = new Set()
    expect(err).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })
    expect((err as Error).message).toContain(`on resource: ${roleIn(account)}`)
  })

  it('accepts only credentials it issued, and caps role chaining at one hour', async () => {
    const stranger = new STSClient({
      region,
      endpoint: s.sts.url,
      credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' },
      maxAttempts: 1
    })
    const input = { RoleArn: roleIn(org.accounts[1].id), RoleSessionName: 'iam-user-report' }
    expect(await failure(stranger.send(new AssumeRoleCommand(input)))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403
    })
    stranger.destroy()
    const { credentials } = await member(org.accounts[1].id)
    const chained = new STSClient({ region, endpoint: s.sts.url, credentials, maxAttempts: 1 })
    const long = new AssumeRoleCommand({ ...input, DurationSeconds: 7200 })
    expect(await failure(chained.send(long))).toMatchObject({ name: 'ValidationError' })
    chained.destroy()
  })
})

describe('IAM stand-in: credential reports', () => {
  it('goes STARTED, INPROGRESS × n, COMPLETE, answering ReportNotPresent and ReportInProgress meanwhile', async () => {
    const account = org.accounts[0].id
    s.iam.knobs.inProgressPolls.set(account, 2)
    const { iam } = await member(account)
    expect(await failure(iam.send(new GetCredentialReportCommand({})))).toEqual({
      name: 'CredentialReportNotPresentException',
      code: 'ReportNotPresent',
      status: 410
    })
    const states: string[] = []
    for (let k = 0; k < 4; k++) {
      states.push((await iam.send(new GenerateCredentialReportCommand({}))).State!)
      if (k === 0)
        expect(await failure(iam.send(new GetCredentialReportCommand({})))).toEqual({
          name: 'CredentialReportNotReadyException',
          code: 'ReportInProgress',
          status: 404
        })
    }
    expect(states).toEqual(['STARTED', 'INPROGRESS', 'INPROGRESS', 'COMPLETE'])
    const report = await iam.send(new GetCredentialReportCommand({}))
    expect(report.ReportFormat).toBe('text/csv')
    expect(report.GeneratedTime).toBeInstanceOf(Date)
    const csv = new TextDecoder().decode(report.Content)
    expect(csv).toBe(s.iam.reportCsv(account))
    const rows: string[][] = parse(csv)
    expect(rows[0]).toHaveLength(22)
    expect(rows[1].slice(0, 2)).toEqual(['<root_account>', `arn:aws:iam::${account}:root`])
    expect(rows[1][4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    iam.destroy()
  })

  it("lists exactly the account's live users, with every profile represented", async () => {
    const account = org.accounts[3].id
    s.iam.knobs.now = '2026-11-02T06:00:00Z'
    const { iam } = await member(account)
    while ((await iam.send(new GenerateCredentialReportCommand({}))).State !== 'COMPLETE');
    const csv = new TextDecoder().decode(
      (await iam.send(new GetCredentialReportCommand({}))).Content
    )
    const rows = parseCredentialReport(csv)
    const live = summarizeOrg(org).users.filter(u => u.accountId === account)
    expect(rows.map(r => r.user).sort()).toEqual(live.map(u => u.userName).sort())
    expect(rows.every(r => r.arn.startsWith(`arn:aws:iam::${account}:user/`))).toBe(true)
    expect(rows.some(r => r.passwordEnabled && !r.mfaActive)).toBe(true)
    expect(rows.some(r => r.passwordEnabled && r.passwordLastUsed === '')).toBe(true)
    expect(rows.some(r => r.accessKey1.active && r.accessKey1.lastUsed === '')).toBe(true)
    expect(csv).toContain('no_information')
    // Seeded: the same clock and items give the same report in a fresh stand-in.
    const again = await startStandins({ org })
    again.iam.knobs.now = s.iam.knobs.now
    const replay = await startAndFetch(again, account)
    expect(replay).toBe(csv)
    await again.close()
    iam.destroy()
  })

  it('expires a report after four hours and answers LimitExceeded (409) when told to', async () => {
    const account = org.accounts[3].id
    const { iam } = await member(account)
    s.iam.knobs.now = '2026-11-02T10:00:01Z'
    expect(await failure(iam.send(new GetCredentialReportCommand({})))).toEqual({
      name: 'CredentialReportExpiredException',
      code: 'ReportExpired',
      status: 410
    })
    s.iam.knobs.limitExceededAccounts.set(account, 1)
    expect(await failure(iam.send(new GenerateCredentialReportCommand({})))).toEqual({
      name: 'LimitExceededException',
      code: 'LimitExceeded',
      status: 409
    })
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED')
    s.iam.knobs.now = null
    iam.destroy()
  })

  it('speaks the query protocol and rejects keys STS did not issue (plain HTTP)', async () => {
    const { credentials } = await member(org.accounts[1].id)
    const post = (authorization: string | undefined, body: string) =>
      fetch(s.iam.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'x-amz-security-token': credentials.sessionToken,
          ...(authorization ? { authorization } : {})
        },
        body
      })
    const auth = (key: string) =>
      `AWS4-HMAC-SHA256 Credential=${key}/20261102/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00`
    const generate = 'Action=GenerateCredentialReport&Version=2010-05-08'

    const ok = await post(auth(credentials.accessKeyId), generate)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toMatch(
      /^<GenerateCredentialReportResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GenerateCredentialReportResult><State>STARTED<\/State><Description>/
    )
    const forged = await post(auth(`ASIA${org.accounts[1].id}ZZZZ`), generate)
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('<Code>InvalidClientTokenId</Code>')
    expect((await post(undefined, generate)).status).toBe(403)
    const unknown = await post(auth(credentials.accessKeyId), 'Action=ListUsers&Version=2010-05-08')
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>')
  })
})

async function startAndFetch(standins: Standins, account: string): Promise<string> {
  const client = new STSClient({ region, endpoint: standins.sts.url, credentials: source })
  const c = (
    await client.send(
      new AssumeRoleCommand({ RoleArn: roleIn(account), RoleSessionName: 'iam-user-report' })
    )
  ).Credentials!
  const iam = new IAMClient({
    region,
    endpoint: standins.iam.url,
    credentials: {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!
    }
  })
  while ((await iam.send(new GenerateCredentialReportCommand({}))).State !== 'COMPLETE');
  const out = await iam.send(new GetCredentialReportCommand({}))
  client.destroy()
  iam.destroy()
  return new TextDecoder().decode(out.Content)
}
