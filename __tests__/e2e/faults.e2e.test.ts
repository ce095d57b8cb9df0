import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { generateOrg, startStandins, summarizeOrg, type Standins } from '../standins/index.js'
import { errorLine, requestCount, runAction } from '../standins/run-action.js'

const BUCKET = 'acme-iam-reports'
// 30 accounts × 80 users plus groups and policies: about 26 pages of 100.
const org = generateOrg({ seed: 7, accounts: 30, usersPerAccount: 80 })
const expected = summarizeOrg(org)
let standins: Standins
let inputs: Record<string, string>

beforeAll(async () => {
  standins = await startStandins({ buckets: [BUCKET], org })
  inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    's3-bucket': BUCKET
  }
})
afterAll(() => standins.close())
beforeEach(async () => {
  await standins.nextRun()
  standins.config.knobs.throttleRate = 0
  standins.organizations.knobs.deny = null
  standins.s3.knobs.denyAll = false
})

const latestJson = async (): Promise<string | undefined> =>
  (await standins.s3.getObject(BUCKET, 'iam-user-report/latest.json'))?.toString('utf8')

/** The failure line has no stack trace: one line, no "    at " frames anywhere in the log. */
function expectOneLineFailure(log: string): void {
  expect(log).not.toMatch(/^\s+at /m)
}

describe('fault injection against the bundled action', () => {
  // Random throttles drive the adaptive limiter to its floor, so this run is slow on purpose.
  it('completes the report when Config throttles a third of the requests', async () => {
    standins.config.knobs.throttleRate = 1 / 3
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.outputs['user-count']).toBe(String(expected.userCount))
    expect(run.outputs['admin-count']).toBe(String(expected.adminCount))
    expect(run.outputs['account-count']).toBe(String(expected.accountCount))
    const selects = standins.config.requests.filter(
      r => r.operation === 'SelectAggregateResourceConfig'
    )
    expect(selects.filter(r => r.status === 400).length).toBeGreaterThan(3)
    const csv = await readFile(run.outputs['report-file'], 'utf8')
    expect(csv.trimEnd().split('\r\n')).toHaveLength(expected.userCount + 1)
  }, 180_000)

  it('retries STS IDPCommunicationError twice, then succeeds', async () => {
    const before = standins.sts.requests.length
    standins.sts.failNext(2, {
      status: 400,
      code: 'IDPCommunicationError',
      message: 'The identity provider could not be reached'
    })
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(standins.sts.requests.length - before).toBe(3)
    expect(run.log).toMatch(/Retry AssumeRoleWithWebIdentity: attempt 1 of \d+ failed/)
  })

  it('keeps a service message with line breaks on its retry line, so it starts no workflow command', async () => {
    standins.sts.failNext(1, {
      status: 400,
      code: 'IDPCommunicationError',
      message: 'unreachable\n::error::planted by the IdP\r\n::add-mask::x'
    })
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    const lines = run.log.split(/\r?\n/)
    expect(lines.some(l => /^\s*::(error|add-mask)::(planted|x)/.test(l))).toBe(false)
    expect(run.log).toMatch(
      /Retry AssumeRoleWithWebIdentity: attempt 1 of \d+ failed: .*unreachable \u23ce ::error::planted by the IdP \u23ce ::add-mask::x/
    )
  })

  it('names the aggregator and the region when the aggregator does not exist', async () => {
    const run = await runAction(
      standins,
      { ...inputs, 'aggregator-name': 'no-such-aggregator', 'aws-region': 'eu-west-1' },
      { AWS_REGION: 'eu-west-1' }
    )
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(
      /aggregator 'no-such-aggregator' was not found in region eu-west-1/
    )
    expectOneLineFailure(run.log)
  })

  it('says to add id-token: write when the job has no OIDC token', async () => {
    const run = await runAction(standins, inputs, {
      ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined
    })
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(/permissions: id-token: write/)
    expectOneLineFailure(run.log)
  })

  it('names the role and the sub condition when the role may not be assumed', async () => {
    const role = 'arn:aws:iam::111111111111:role/not-trusted'
    const before = standins.sts.requests.length
    const run = await runAction(standins, { ...inputs, 'role-to-assume': role })
    expect(errorLine(run.log)).toMatch(
      /Not allowed to assume arn:aws:iam::111111111111:role\/not-trusted.*:sub condition/
    )
    expect(standins.sts.requests.length - before).toBe(1)
  })

  it('carries on without account names, with one warning, when Organizations is denied under auto', async () => {
    standins.organizations.knobs.deny = 'AccessDeniedException'
    const run = await runAction(standins, { ...inputs, 'account-names': 'auto' })
    expect(errorLine(run.log)).toBe('')
    expect(
      run.log.split('\n').filter(l => l.startsWith('::warning::') && l.includes('ListAccounts'))
    ).toHaveLength(1)
    const json = JSON.parse(await readFile(run.outputs['report-json-file'], 'utf8'))
    expect(json.users.every((u: { account_name: string }) => u.account_name === '')).toBe(true)
  })

  it('names every account, reading every Organizations page including an empty one', async () => {
    standins.organizations.knobs.emptyPageAfter = 1
    const before = standins.organizations.requests.length
    const run = await runAction(standins, { ...inputs, 'account-names': 'true' })
    standins.organizations.knobs.emptyPageAfter = null
    expect(errorLine(run.log)).toBe('')
    // 30 accounts in pages of 20, plus the empty page in between.
    expect(standins.organizations.requests.length - before).toBe(3)
    const names = new Map(org.accounts.map(a => [a.id, a.name]))
    const json = JSON.parse(await readFile(run.outputs['report-json-file'], 'utf8'))
    for (const u of json.users as { account_id: string; account_name: string }[]) {
      expect(u.account_name).toBe(names.get(u.account_id))
    }
  })

  it('fails with the fix when Organizations is denied and account-names is true', async () => {
    standins.organizations.knobs.deny = 'AccessDeniedException'
    const run = await runAction(standins, { ...inputs, 'account-names': 'true' })
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(/organizations:ListAccounts/)
  })

  it('keeps the local file and the artifact, and does not move latest, when the bucket is missing', async () => {
    const run = await runAction(standins, { ...inputs, 's3-bucket': 'no-such-bucket' })
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(/S3 upload: s3:\/\/no-such-bucket\/.*does not exist/)
    expect(existsSync(run.outputs['report-file'])).toBe(true)
    expect(run.outputs['artifact-id']).not.toBe('')
    expect(standins.artifact.artifacts.map(a => String(a.id))).toContain(run.outputs['artifact-id'])
    expect(await standins.s3.listKeys('no-such-bucket').catch(() => [])).toEqual([])
  })

  it('fails, keeping latest, when S3 denies access, and lists the failure with its fix', async () => {
    const first = await runAction(standins, inputs)
    expect(errorLine(first.log)).toBe('')
    const before = await latestJson()
    await standins.nextRun()
    standins.s3.knobs.denyAll = true
    const run = await runAction(standins, inputs)
    standins.s3.knobs.denyAll = false
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(/baseline.*access denied.*s3:ListBucket/)
    expect(await latestJson()).toBe(before)
    expect(existsSync(run.outputs['report-file'])).toBe(true)
  })

  it.each([
    ['role-duration-seconds', '60'],
    ['aws-region', 'Moon-1'],
    ['s3-bucket', 'Not_A_Bucket'],
    ['schedule-day', 'last-friday'],
    ['timezone', 'Nowhere/City']
  ])('rejects %s=%s before any request reaches a stand-in', async (name, value) => {
    const before = requestCount(standins)
    const run = await runAction(standins, { ...inputs, [name]: value })
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toBe(
      `::error::Input '${name}' is not valid: '${value}'. ${errorLine(run.log).split(`'. `)[1]}`
    )
    expect(requestCount(standins)).toBe(before)
    expectOneLineFailure(run.log)
  })

  it('skips a scheduled run on the wrong day without any request', async () => {
    const before = requestCount(standins)
    // Every weekday but today's: exactly one of "first-<today>" could run, so pick another day.
    const today = new Date()
      .toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })
      .toLowerCase()
    const other = today === 'monday' ? 'tuesday' : 'monday'
    const run = await runAction(
      standins,
      { ...inputs, 'schedule-day': `first-${other}` },
      { GITHUB_EVENT_NAME: 'schedule' }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.skipped).toBe('true')
    expect(run.log).toMatch(/Skipped/)
    expect(requestCount(standins)).toBe(before)
  })

  it('uses ambient credentials without role-to-assume, and explains when there are none', async () => {
    const ambient = await runAction(
      standins,
      { ...inputs, 'role-to-assume': '' },
      {
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined
      }
    )
    expect(errorLine(ambient.log)).toBe('')
    expect(ambient.outputs['user-count']).toBe(String(expected.userCount))

    await standins.nextRun()
    const none = await runAction(standins, { ...inputs, 'role-to-assume': '' })
    expect(none.code).toBe(1)
    expect(errorLine(none.log)).toMatch(/No AWS credentials found.*role-to-assume/)
  })
})
