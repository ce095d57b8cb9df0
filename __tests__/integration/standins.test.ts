// The local stand-ins, driven by the real SDK and toolkit clients the action uses.
import { jest } from '@jest/globals'
import {
  ConfigServiceClient,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand
} from '@aws-sdk/client-config-service'
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import AdmZip from 'adm-zip'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateOrg, mutateOrg, startStandins, summarizeOrg } from '../standins/index.js'
import type { ConfigItem, Org, Standins } from '../standins/index.js'

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
const region = 'us-east-1'
const USERS = "resourceType = 'AWS::IAM::User'"

let s: Standins
let org: Org
let work: string
const savedEnv = { ...process.env }
const stdout: string[] = []

beforeAll(async () => {
  // @actions/core writes workflow commands to stdout; keep them for inspection, out of the test output.
  jest
    .spyOn(process.stdout, 'write')
    .mockImplementation(chunk => (stdout.push(String(chunk)), true))
  org = generateOrg({ seed: 42, accounts: 6, usersPerAccount: 40 })
  s = await startStandins({ org })
  // What a runner provides; set before @actions/* are first imported (they read some at import time).
  Object.assign(process.env, s.env)
  work = await mkdtemp(join(tmpdir(), 'standins-test-'))
})

afterAll(async () => {
  await s?.close()
  await rm(work, { recursive: true, force: true })
  process.env = savedEnv
  jest.restoreAllMocks()
})

const config = (maxAttempts = 1) =>
  new ConfigServiceClient({ region, endpoint: s.config.url, credentials, maxAttempts })
const select = (Expression: string, extra: { Limit?: number; NextToken?: string } = {}) =>
  new SelectAggregateResourceConfigCommand({
    ConfigurationAggregatorName: 'org-aggregator',
    Expression,
    ...extra
  })

async function selectAll(client: ConfigServiceClient, expression: string, limit?: number) {
  const rows: Record<string, unknown>[] = []
  let NextToken: string | undefined
  let pages = 0
  do {
    const out = await client.send(select(expression, { Limit: limit, NextToken }))
    rows.push(...(out.Results ?? []).map(r => JSON.parse(r) as Record<string, unknown>))
    NextToken = out.NextToken
    pages++
  } while (NextToken)
  return { rows, pages }
}

const users = (items: ConfigItem[]) => items.filter(i => i.resourceType === 'AWS::IAM::User')

describe('AWS Config stand-in', () => {
  it('follows NextToken to the last page and nests dotted selections', async () => {
    const client = config()
    const { rows, pages } = await selectAll(
      client,
      `SELECT resourceId, configuration.userName WHERE ${USERS}`,
      100
    )
    const expected = users(org.items)
    expect(rows).toHaveLength(expected.length)
    expect(pages).toBe(Math.ceil(expected.length / 100))
    const live = expected.find(i => i.configuration && typeof i.configuration === 'object')!
    const row = rows.find(r => r.resourceId === live.resourceId)
    expect(row).toEqual({
      resourceId: live.resourceId,
      configuration: { userName: live.resourceName }
    })
    client.destroy()
  })

  it('pages 25 rows by default and returns only top-level scalars for SELECT *', async () => {
    const client = config()
    const out = await client.send(select(`SELECT * WHERE ${USERS}`))
    expect(out.Results).toHaveLength(25)
    expect(out.NextToken).toBeDefined()
    const first = JSON.parse(out.Results![0])
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['accountId', 'resourceId', 'awsRegion', 'resourceType'])
    )
    expect(first).not.toHaveProperty('configuration')
    expect(first).not.toHaveProperty('tags')
    expect(out.QueryInfo?.SelectFields).toHaveLength(10)
    client.destroy()
  })

  it('counts with GROUP BY and orders by COUNT(*)', async () => {
    const client = config()
    const account = org.accounts[1].id
    const { rows } = await selectAll(
      client,
      `SELECT resourceType, COUNT(*) WHERE accountId = '${account}' GROUP BY resourceType ORDER BY COUNT(*) DESC`
    )
    const expected = new Map<string, number>()
    for (const i of org.items.filter(i => i.accountId === account))
      expected.set(i.resourceType, (expected.get(i.resourceType) ?? 0) + 1)
    expect(rows).toEqual(
      [...expected]
        .sort((a, b) => b[1] - a[1])
        .map(([resourceType, n]) => ({ resourceType, 'COUNT(*)': n }))
    )
    client.destroy()
  })

  it('filters with IN, NOT IN, LIKE, OR and parentheses', async () => {
    const client = config()
    const [a, b] = org.accounts.map(x => x.id)
    const { rows } = await selectAll(
      client,
      `SELECT accountId, resourceName WHERE resourceType IN ('AWS::IAM::Group', 'AWS::IAM::Policy') AND (accountId = '${a}' OR accountId = '${b}') AND resourceName LIKE 'Admin%' AND resourceType NOT IN ('AWS::IAM::User')`,
      100
    )
    const names = rows.map(r => `${r.accountId}/${r.resourceName}`).sort()
    expect(names).toEqual(
      [`${a}/AdministratorAccess`, `${a}/Admins`, `${b}/AdministratorAccess`, `${b}/Admins`].sort()
    )
    client.destroy()
  })

  it.each([
    ['FROM', `SELECT resourceId FROM config WHERE ${USERS}`],
    ['LIMIT', `SELECT resourceId WHERE ${USERS} LIMIT 10`],
    ['JOIN', 'SELECT resourceId JOIN x'],
    ['DISTINCT', 'SELECT DISTINCT resourceId'],
    ['AS', 'SELECT resourceId AS id'],
    ['HAVING', 'SELECT resourceType, COUNT(*) GROUP BY resourceType HAVING COUNT(*) > 1'],
    ['a leading LIKE wildcard', "SELECT resourceId WHERE resourceName LIKE '%admin'"],
    [
      'more than 4096 characters',
      `SELECT resourceId WHERE resourceName IN (${Array(700).fill("'abcd'").join(', ')})`
    ]
  ])('rejects %s with InvalidExpressionException', async (_what, expression) => {
    const client = config()
    await expect(client.send(select(expression))).rejects.toMatchObject({
      name: 'InvalidExpressionException'
    })
    client.destroy()
  })

  it('rejects a Limit above 100, an unknown aggregator and a tampered NextToken', async () => {
    const client = config()
    await expect(
      client.send(select(`SELECT resourceId WHERE ${USERS}`, { Limit: 101 }))
    ).rejects.toMatchObject({
      name: 'InvalidLimitException'
    })
    const unknown = new SelectAggregateResourceConfigCommand({
      ConfigurationAggregatorName: 'nope',
      Expression: 'SELECT resourceId'
    })
    await expect(client.send(unknown)).rejects.toMatchObject({
      name: 'NoSuchConfigurationAggregatorException',
      message: expect.stringContaining('nope')
    })
    const first = await client.send(select(`SELECT resourceId WHERE ${USERS}`))
    const token = first.NextToken!
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
    await expect(
      client.send(select(`SELECT resourceId WHERE ${USERS}`, { NextToken: forged }))
    ).rejects.toMatchObject({
      name: 'InvalidNextTokenException'
    })
    // A genuine token only continues the query it came from.
    await expect(
      client.send(select('SELECT resourceName', { NextToken: token }))
    ).rejects.toMatchObject({
      name: 'InvalidNextTokenException'
    })
    client.destroy()
  })

  it('surfaces throttling as ThrottlingException and lets the SDK retry through it', async () => {
    const once = config(1)
    s.config.knobs.throttleRate = 1
    await expect(once.send(select('SELECT resourceId'))).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 }
    })
    s.config.knobs.throttleRate = 0.3
    s.config.knobs.seed = 7
    const patient = config(12)
    const before = s.config.countSelects()
    const { rows, pages } = await selectAll(patient, `SELECT resourceId WHERE ${USERS}`, 50)
    expect(rows).toHaveLength(users(org.items).length)
    expect(s.config.countSelects() - before).toBeGreaterThan(pages)
    s.config.knobs.throttleRate = 0
    s.config.knobs.tps = 2
    const burst = await Promise.allSettled(
      Array.from({ length: 6 }, () => once.send(select('SELECT resourceId')))
    )
    s.config.knobs.tps = 0
    expect(
      burst.filter(r => r.status === 'rejected').map(r => (r as PromiseRejectedResult).reason.name)
    ).toEqual(Array(4).fill('ThrottlingException'))
    once.destroy()
    patient.destroy()
  })

  it('retries injected 5xx failures and serves one account with SelectResourceConfig', async () => {
    const client = config(3)
    s.config.failNext(2, { status: 503, code: 'ServiceUnavailableException', message: 'try later' })
    const out = await client.send(select('SELECT resourceId'))
    expect(out.Results!.length).toBe(25)
    const local = await client.send(
      new SelectResourceConfigCommand({ Expression: 'SELECT accountId', Limit: 100 })
    )
    expect(new Set(local.Results!.map(r => JSON.parse(r).accountId))).toEqual(
      new Set([org.items[0].accountId])
    )
    client.destroy()
  })
})

describe('OIDC and STS stand-ins', () => {
  it('issues an ID token to @actions/core and exchanges it for credentials', async () => {
    const core = await import('@actions/core')
    const token = await core.getIDToken('sts.amazonaws.com')
    expect(s.oidc.issuedTokens).toContain(token)
    const sts = new STSClient({ region, endpoint: s.sts.url, credentials, maxAttempts: 1 })
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: s.roleArn,
        RoleSessionName: 'iam-user-report',
        WebIdentityToken: token,
        DurationSeconds: 900
      })
    )
    expect(out.Credentials).toMatchObject({
      AccessKeyId: 'S3RVER',
      SecretAccessKey: 'S3RVER',
      SessionToken: s.sts.issued.at(-1)!.sessionToken
    })
    expect(out.Credentials!.Expiration).toBeInstanceOf(Date)
    expect(out.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/iam-user-report/iam-user-report'
    )
    expect(out.SubjectFromWebIdentityToken).toBe('repo:acme/security-reports:ref:refs/heads/main')
    const who = await sts.send(new GetCallerIdentityCommand({}))
    expect(who.Account).toBe('111111111111')
    expect(JSON.stringify(s.sts.requests)).not.toContain(token)
    sts.destroy()
  })

  it('answers STS errors with the names the SDK gives them', async () => {
    const core = await import('@actions/core')
    const token = await core.getIDToken('sts.amazonaws.com')
    const sts = new STSClient({ region, endpoint: s.sts.url, credentials, maxAttempts: 1 })
    const assume = (RoleArn: string, WebIdentityToken = token) =>
      sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn,
          RoleSessionName: 'iam-user-report',
          WebIdentityToken
        })
      )
    await expect(assume('arn:aws:iam::111111111111:role/other')).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity'
    })
    await expect(assume(s.roleArn, 'not-a-token')).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException'
    })
    s.sts.failNext(1, { code: 'IDPCommunicationError' })
    await expect(assume(s.roleArn)).rejects.toMatchObject({
      name: 'IDPCommunicationErrorException'
    })
    sts.destroy()
  })

  it('refuses an OIDC request without the runner bearer token', async () => {
    const res = await fetch(`${s.oidc.requestUrl}&audience=x`, {
      headers: { authorization: 'Bearer wrong' }
    })
    expect(res.status).toBe(401)
  })
})

describe('Organizations stand-in', () => {
  const client = () =>
    new OrganizationsClient({ region, endpoint: s.organizations.url, credentials, maxAttempts: 1 })

  it('pages 20 accounts at a time through an empty page', async () => {
    const many = Array.from({ length: 45 }, (_, k) => ({
      id: String(200000000000 + k),
      name: `acct-${k}`
    }))
    s.organizations.setAccounts(many)
    s.organizations.knobs.emptyPageAfter = 1
    const c = client()
    const pages: number[] = []
    let NextToken: string | undefined
    do {
      const out = await c.send(new ListAccountsCommand({ NextToken }))
      pages.push(out.Accounts!.length)
      NextToken = out.NextToken
      if (pages.length === 1)
        expect(out.Accounts![0]).toMatchObject({ Id: many[0].id, Name: 'acct-0', State: 'ACTIVE' })
    } while (NextToken)
    expect(pages).toEqual([20, 0, 20, 5])
    await expect(c.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({
      name: 'InvalidInputException'
    })
    s.organizations.knobs.emptyPageAfter = null
    s.organizations.setAccounts(org.accounts)
    c.destroy()
  })

  it.each(['AccessDeniedException', 'AWSOrganizationsNotInUseException'] as const)(
    'denies with %s',
    async code => {
      s.organizations.knobs.deny = code
      const c = client()
      await expect(c.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: code })
      s.organizations.knobs.deny = null
      c.destroy()
    }
  )
})

describe('S3 stand-in', () => {
  const bucket = 'acme-iam-reports'
  const client = () =>
    new S3Client({
      region,
      endpoint: s.s3.url,
      credentials,
      maxAttempts: 1,
      requestChecksumCalculation: 'WHEN_REQUIRED'
    })

  it('stores objects and logs bucket-owner and encryption headers', async () => {
    const c = client()
    await c.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'r/a.csv',
        Body: 'a,b\n1,2\n',
        ExpectedBucketOwner: '111111111111',
        ServerSideEncryption: 'AES256'
      })
    )
    await c.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'r/b.json',
        Body: '{}',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/reports'
      })
    )
    const got = await c.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'r/a.csv', ExpectedBucketOwner: '111111111111' })
    )
    expect(await got.Body!.transformToString()).toBe('a,b\n1,2\n')
    expect((await s.s3.getObject(bucket, 'r/b.json'))?.toString()).toBe('{}')
    expect(await s.s3.getObject(bucket, 'r/missing')).toBeUndefined()
    expect(await s.s3.listKeys(bucket, 'r/')).toEqual(['r/a.csv', 'r/b.json'])
    const puts = s.s3.requests.filter(r => r.operation === 'PutObject')
    expect(puts[0]).toMatchObject({
      key: 'r/a.csv',
      status: 200,
      headers: {
        'x-amz-expected-bucket-owner': '111111111111',
        'x-amz-server-side-encryption': 'AES256'
      }
    })
    expect(puts[1].headers).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/reports'
    })
    expect(
      s.s3.requests.find(r => r.operation === 'GetObject')?.headers['x-amz-expected-bucket-owner']
    ).toBe('111111111111')
    c.destroy()
  })

  it('refuses, as S3 does, to replace an object under If-None-Match: *', async () => {
    const c = client()
    const putOnce = (Key: string, Body: string) =>
      c.send(new PutObjectCommand({ Bucket: bucket, Key, Body, IfNoneMatch: '*' }))
    await putOnce('once/a.csv', 'first')
    await expect(putOnce('once/a.csv', 'second')).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
      $metadata: { httpStatusCode: 412 }
    })
    expect((await s.s3.getObject(bucket, 'once/a.csv'))?.toString()).toBe('first')
    expect(s.s3.requests.filter(r => r.key === 'once/a.csv')).toMatchObject([
      { operation: 'PutObject', status: 200, headers: { 'if-none-match': '*' } },
      { operation: 'PutObject', status: 412, headers: { 'if-none-match': '*' } }
    ])
    // Two conditional writes of one key at the same time: exactly one of them lands.
    const racing = await Promise.allSettled([
      putOnce('once/b.csv', 'x'),
      putOnce('once/b.csv', 'y')
    ])
    expect(racing.map(r => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const winner = racing.findIndex(r => r.status === 'fulfilled')
    expect((await s.s3.getObject(bucket, 'once/b.csv'))?.toString()).toBe(['x', 'y'][winner])
    // Without the condition an object is replaced, as before.
    await c.send(new PutObjectCommand({ Bucket: bucket, Key: 'once/a.csv', Body: 'third' }))
    expect((await s.s3.getObject(bucket, 'once/a.csv'))?.toString()).toBe('third')
    c.destroy()
  })

  it('injects AccessDenied and NoSuchKey like S3', async () => {
    const c = client()
    await expect(
      c.send(new GetObjectCommand({ Bucket: bucket, Key: 'nothing' }))
    ).rejects.toMatchObject({ name: 'NoSuchKey' })
    s.s3.knobs.bucketOwner = '111111111111'
    await expect(
      c.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'r/a.csv',
          ExpectedBucketOwner: '999999999999'
        })
      )
    ).rejects.toMatchObject({ name: 'AccessDenied' })
    s.s3.knobs.bucketOwner = null
    s.s3.knobs.denyAll = true
    await expect(
      c.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: 'x' }))
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })
    s.s3.knobs.denyAll = false
    c.destroy()
  })
})

describe('artifact and GitHub stand-ins', () => {
  it('receives an @actions/artifact upload whose zip holds the files', async () => {
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const dir = join(work, 'upload')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'report.csv'), 'account_id,user_name\n1,alice\n')
    await writeFile(join(dir, 'report.json'), '{"schemaVersion":1}')
    const client = new DefaultArtifactClient()
    const up = await client.uploadArtifact(
      'iam-user-report',
      [join(dir, 'report.csv'), join(dir, 'report.json')],
      dir
    )
    const stored = s.artifact.artifacts.find(a => a.id === up.id)!
    expect(stored.name).toBe('iam-user-report')
    expect(stored.files()['report.csv'].toString()).toBe('account_id,user_name\n1,alice\n')
    expect(stored.files()['report.json'].toString()).toBe('{"schemaVersion":1}')
    expect(s.artifact.requests.map(r => r.operation)).toEqual(
      expect.arrayContaining(['CreateArtifact', 'PUT blob', 'FinalizeArtifact'])
    )
    // Listed by the REST API as an artifact of the current run.
    expect(s.github.artifacts.at(-1)).toMatchObject({
      name: 'iam-user-report',
      runId: Number(s.env.GITHUB_RUN_ID)
    })

    const out = join(work, 'download')
    await client.downloadArtifact(up.id!, { path: out })
    expect(await readFile(join(out, 'report.json'), 'utf8')).toBe('{"schemaVersion":1}')
    await expect(
      client.uploadArtifact('iam-user-report', [join(dir, 'report.csv')], dir)
    ).rejects.toThrow(/already exists/)
  })

  it('assembles a block blob in block-list order and checks size and hash on finalize', async () => {
    const { BlockBlobClient } = await import('@azure/storage-blob')
    const twirp = async (method: string, body: object) => {
      const res = await fetch(
        `${s.env.ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.ArtifactService/${method}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${s.env.ACTIONS_RUNTIME_TOKEN}`,
            'content-type': 'application/json'
          },
          body: JSON.stringify(body)
        }
      )
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const data = randomBytes(5000)
    const created = await twirp('CreateArtifact', { name: 'blocks', version: 7 })
    const blob = new BlockBlobClient(String(created.body.signed_upload_url))
    await blob.uploadData(data, { blockSize: 1024, maxSingleShotSize: 1024, concurrency: 4 })
    const path = new URL(blob.url).pathname
    expect(
      s.artifact.requests.filter(r => r.path === path && r.query?.comp === 'block')
    ).toHaveLength(5)
    const sha = createHash('sha256').update(data).digest('hex')
    await expect(
      twirp('FinalizeArtifact', { name: 'blocks', size: '5000', hash: `sha256:${'0'.repeat(64)}` })
    ).resolves.toMatchObject({
      status: 400,
      body: { code: 'invalid_argument' }
    })
    await expect(
      twirp('FinalizeArtifact', { name: 'blocks', size: '5001', hash: `sha256:${sha}` })
    ).resolves.toMatchObject({ status: 400 })
    await expect(
      twirp('FinalizeArtifact', { name: 'blocks', size: '5000', hash: `sha256:${sha}` })
    ).resolves.toMatchObject({
      status: 200,
      body: { ok: true }
    })
    expect(s.artifact.artifacts.at(-1)!.zip.equals(data)).toBe(true)
  })

  it('creates, lists page by page and updates issues through getOctokit', async () => {
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(s.githubToken)
    const repo = { owner: 'acme', repo: 'security-reports' }
    const created = await octokit.rest.issues.create({
      ...repo,
      title: 'IAM users: 3 new',
      body: 'body',
      labels: ['iam-user-report'],
      assignees: ['octocat']
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      number: 1,
      state: 'open',
      labels: [{ name: 'iam-user-report' }],
      assignees: [{ login: 'octocat' }]
    })
    for (let k = 2; k <= 5; k++)
      await octokit.rest.issues.create({
        ...repo,
        title: `t${k}`,
        labels: k % 2 ? ['iam-user-report'] : []
      })
    const before = s.github.requests.length
    const listed = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'open',
      labels: 'iam-user-report',
      per_page: 2
    })
    expect(listed.map(i => i.number).sort()).toEqual([1, 3, 5])
    expect(s.github.requests.length - before).toBe(2)
    const updated = await octokit.rest.issues.update({
      ...repo,
      issue_number: 1,
      body: 'new body',
      state: 'closed'
    })
    expect(updated.data).toMatchObject({ body: 'new body', state: 'closed' })
    await expect(
      octokit.rest.issues.create({ ...repo, title: 'big', body: 'x'.repeat(65537) })
    ).rejects.toMatchObject({ status: 422 })
  })

  it('fails GitHub calls on demand: permissions, rate limit, bad token', async () => {
    const { getOctokit } = await import('@actions/github')
    const repo = { owner: 'acme', repo: 'security-reports' }
    const octokit = getOctokit(s.githubToken)
    s.github.failNext(1, { status: 403, message: 'Resource not accessible by integration' })
    await expect(octokit.rest.issues.create({ ...repo, title: 't' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration')
    })
    s.github.rateLimitNext(1)
    const limited = await octokit.rest.issues
      .get({ ...repo, issue_number: 1 })
      .catch((e: { status: number; response: { headers: Record<string, string> } }) => e)
    expect(limited).toMatchObject({
      status: 403,
      response: { headers: { 'x-ratelimit-remaining': '0' } }
    })
    await expect(
      getOctokit('wrong').rest.issues.get({ ...repo, issue_number: 1 })
    ).rejects.toMatchObject({ status: 401 })
  })

  it('finds a previous run artifact and redirects its download to the zip', async () => {
    const { getOctokit } = await import('@actions/github')
    const repo = { owner: 'acme', repo: 'security-reports' }
    const octokit = getOctokit(s.githubToken)
    const seeded = await s.github.addArtifact({
      name: 'baseline',
      runId: 42,
      workflowId: 77,
      conclusion: 'success',
      files: { 'report.json': '{"users":[]}' }
    })
    const list = await octokit.rest.actions.listArtifactsForRepo({
      ...repo,
      name: 'baseline',
      per_page: 10
    })
    expect(list.data.total_count).toBe(1)
    expect(list.data.artifacts[0]).toMatchObject({
      id: seeded.id,
      expired: false,
      workflow_run: { id: 42 }
    })
    const run = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 42 })
    expect(run.data).toMatchObject({ workflow_id: 77, conclusion: 'success', status: 'completed' })
    const redirect = await octokit.rest.actions.downloadArtifact({
      ...repo,
      artifact_id: seeded.id,
      archive_format: 'zip',
      request: { redirect: 'manual' }
    })
    expect(redirect.status).toBe(302)
    const zip = Buffer.from(await (await fetch(String(redirect.headers.location))).arrayBuffer())
    expect(new AdmZip(zip).readAsText('report.json')).toBe('{"users":[]}')
  })
})

describe('sample organization generator', () => {
  it('is deterministic for a seed', () => {
    const a = generateOrg({ seed: 9, accounts: 3, usersPerAccount: 30 })
    const b = generateOrg({ seed: 9, accounts: 3, usersPerAccount: 30 })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(generateOrg({ seed: 10, accounts: 3, usersPerAccount: 30 }))).not.toBe(
      JSON.stringify(a)
    )
    expect(JSON.stringify(mutateOrg(a, { seed: 1 }))).toBe(
      JSON.stringify(mutateOrg(b, { seed: 1 }))
    )
  })

  it('contains every edge case in the real Config shapes', () => {
    const items = org.items
    const userItems = users(items)
    const configs = userItems.map(i =>
      typeof i.configuration === 'string' ? JSON.parse(i.configuration) : i.configuration
    )
    expect(org.accounts.every(a => /^\d{12}$/.test(a.id))).toBe(true)
    for (const mark of ['|', '`', '@', '='])
      expect(org.accounts.some(a => a.name.includes(mark))).toBe(true)
    for (const first of ['=', '+', '-', '@'])
      expect(userItems.some(i => i.resourceName.startsWith(first))).toBe(true)
    expect(userItems.some(i => typeof i.configuration === 'string')).toBe(true)
    expect(userItems.some(i => i.configuration === null)).toBe(true)
    expect(
      userItems.some(
        i => i.tags !== null && !Array.isArray(i.tags) && Object.keys(i.tags).length === 0
      )
    ).toBe(true)
    expect(configs.some(c => c && !Array.isArray(c.attachedManagedPolicies))).toBe(true)
    expect(
      configs.some(
        c => c?.permissionsBoundary?.permissionsBoundaryType === 'PermissionsBoundaryPolicy'
      )
    ).toBe(true)
    expect(
      configs.some(c =>
        c?.attachedManagedPolicies?.some?.(
          (p: { policyArn: string }) =>
            p.policyArn === 'arn:aws:iam::aws:policy/AdministratorAccess'
        )
      )
    ).toBe(true)
    const regionsById = new Map<string, Set<string>>()
    for (const i of userItems)
      regionsById.set(i.resourceId, (regionsById.get(i.resourceId) ?? new Set()).add(i.awsRegion))
    expect([...regionsById.values()].some(r => r.size === 2)).toBe(true)
    const docs = configs
      .flatMap(c => c?.userPolicyList ?? [])
      .map((p: { policyDocument: string }) => JSON.parse(decodeURIComponent(p.policyDocument)))
    expect(docs.some(d => JSON.stringify(d).includes('NotAction'))).toBe(true)
    const policy = items.find(
      i => i.resourceType === 'AWS::IAM::Policy' && i.resourceName === 'LegacyAdmin'
    )!
    const pc = policy.configuration as {
      defaultVersionId: string
      policyVersionList: { versionId: string; isDefaultVersion: boolean; document: string }[]
    }
    expect(pc.policyVersionList.find(v => v.isDefaultVersion)?.versionId).toBe(pc.defaultVersionId)
    expect(
      JSON.parse(decodeURIComponent(pc.policyVersionList[0].document)).Statement[0].Action
    ).toBe('*')
    const admins = items.filter(
      i => i.resourceType === 'AWS::IAM::Group' && i.resourceName === 'Admins'
    )
    expect(admins).toHaveLength(org.accounts.length)
    expect(
      new Set(
        admins.map(g => JSON.stringify({ ...(g.configuration as object), groupId: 0, arn: 0 }))
      ).size
    ).toBeGreaterThan(1)
  })

  it('describes a next month of added, removed, re-created and promoted users', () => {
    const next = mutateOrg(org, { seed: 5 })
    const before = new Map(summarizeOrg(org).users.map(u => [`${u.accountId}/${u.userId}`, u]))
    const after = new Map(summarizeOrg(next).users.map(u => [`${u.accountId}/${u.userId}`, u]))
    const key = (c: { accountId: string; userId: string }) => `${c.accountId}/${c.userId}`
    const { added, removed, recreated, becameAdmin, changed } = next.changes
    expect(added.length && removed.length && becameAdmin.length && changed.length).toBeTruthy()
    for (const c of added) expect(after.has(key(c)) && !before.has(key(c))).toBe(true)
    for (const c of removed) expect(after.has(key(c))).toBe(false)
    for (const c of becameAdmin)
      expect([before.get(key(c))?.isAdmin, after.get(key(c))?.isAdmin]).toEqual([false, true])
    expect(recreated).toHaveLength(1)
    expect(after.get(`${recreated[0].accountId}/${recreated[0].newUserId}`)?.userName).toBe(
      recreated[0].userName
    )
    expect(Date.parse(next.now)).toBeGreaterThan(Date.parse(org.now))
  })
})

describe('startStandins', () => {
  it('provides every variable a spawned action needs', () => {
    for (const name of [
      'AWS_ENDPOINT_URL_STS',
      'AWS_ENDPOINT_URL_CONFIG_SERVICE',
      'AWS_ENDPOINT_URL_ORGANIZATIONS',
      'AWS_ENDPOINT_URL_S3',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_RESULTS_URL',
      'GITHUB_API_URL',
      'GITHUB_RUN_ID',
      'RUNNER_TEMP',
      'GITHUB_STEP_SUMMARY',
      'GITHUB_OUTPUT'
    ])
      expect(s.env[name]).toBeTruthy()
    expect(s.env).toMatchObject({
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/security-reports',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      AWS_REGION: 'us-east-1'
    })
    // Given inputs, and action.yml's default for every other, as the runner passes them.
    const inputs = s.inputEnv({ 'aws-region': 'eu-west-1', 's3-prefix': 'x/' })
    expect(inputs).toMatchObject({
      'INPUT_AWS-REGION': 'eu-west-1',
      'INPUT_S3-PREFIX': 'x/',
      'INPUT_ARTIFACT-NAME': 'iam-user-report',
      'INPUT_ROLE-DURATION-SECONDS': '900',
      'INPUT_ROLE-TO-ASSUME': ''
    })
    // ${{ github.token }} has no value outside a workflow.
    expect(inputs).not.toHaveProperty('INPUT_GITHUB-TOKEN')
  })

  it('moves to a new run with its own id and runtime token', async () => {
    const { GITHUB_RUN_ID: id, ACTIONS_RUNTIME_TOKEN: token } = s.env
    await s.nextRun()
    expect(Number(s.env.GITHUB_RUN_ID)).toBe(Number(id) + 1)
    expect(s.env.ACTIONS_RUNTIME_TOKEN).not.toBe(token)
    expect(s.github.runs.get(Number(id))).toMatchObject({
      status: 'completed',
      conclusion: 'success'
    })
  })
})
