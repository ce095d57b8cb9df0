// The credential-report step through the real STS and IAM SDK clients against the local stand-ins.
import { collectCredentialReports } from '../../src/steps/credential-reports.js'
import { enrichmentFor } from '../../src/report/credential-report.js'
import { generateOrg, startStandins, summarizeOrg } from '../standins/index.js'
import type { Org, Standins } from '../standins/index.js'

const ROLE = 'iam-user-report-member'
let s: Standins
let org: Org
const savedEnv = { ...process.env }

beforeAll(async () => {
  org = generateOrg({ seed: 11, accounts: 7, usersPerAccount: 12 })
  s = await startStandins({ org })
  // The clients find the stand-ins through the SDK's standard endpoint variables, as on a runner.
  Object.assign(process.env, s.env)
})

afterAll(async () => {
  await s?.close()
  process.env = savedEnv
})

describe('collectCredentialReports against the stand-ins', () => {
  it('enriches every account whose role can be assumed and lists the others', async () => {
    const ids = org.accounts.map(a => a.id)
    const [, denied1, denied2, slow, limited] = ids
    s.sts.knobs.deniedAccounts = new Set([denied1, denied2])
    s.iam.knobs.inProgressPolls.set(slow, 3)
    // More LimitExceeded answers than the SDK's own attempts, so the adapter has to wait too.
    s.iam.knobs.limitExceededAccounts.set(limited, 3)
    const sleeps: number[] = []
    const log: string[] = []

    const result = await collectCredentialReports({
      accountIds: ids,
      roleName: ROLE,
      partition: 'aws',
      sourceCredentials: async () => ({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }),
      region: 'us-east-1',
      concurrency: 3,
      deps: { sleep: async ms => void sleeps.push(ms), log: m => void log.push(m) }
    })

    const enriched = ids.filter(id => id !== denied1 && id !== denied2).sort()
    expect([...result.byAccount.keys()]).toEqual(enriched)
    expect(result.failures).toEqual(
      [denied1, denied2].sort().map(accountId => ({
        accountId,
        reason: `role arn:aws:iam::${accountId}:role/${ROLE} cannot be assumed: deploy the member role (StackSet) and trust the reporting role`
      }))
    )
    const users = summarizeOrg(org).users
    for (const id of enriched) {
      const expected = users.filter(u => u.accountId === id).map(u => u.userName)
      const rows = [...result.byAccount.get(id)!.values()]
      expect(rows.map(r => r.user).sort()).toEqual([...expected].sort())
      for (const [arn, row] of result.byAccount.get(id)!) expect(arn).toBe(row.arn)
    }
    // STARTED + 3 × INPROGRESS for the slow account; at least one wait for the limited one.
    expect(log.filter(m => m.includes(`for ${slow}: INPROGRESS`))).toHaveLength(3)
    expect(log.some(m => m.includes(`for ${limited}: LimitExceeded`))).toBe(true)
    expect(sleeps.length).toBeGreaterThanOrEqual(5)

    const now = new Date()
    const flags = [...result.byAccount.values()].flatMap(m =>
      [...m.values()].map(r => enrichmentFor(r, r.userCreationTime, now, 90))
    )
    expect(flags.some(e => e.stale)).toBe(true)
    expect(flags.some(e => e.console_without_mfa)).toBe(true)
    expect(flags.some(e => e.last_activity === '')).toBe(true)
    expect(flags.some(e => !e.stale && e.last_activity !== '')).toBe(true)
  })

  it('assumes short member sessions and signs IAM calls with them, never logging them', async () => {
    const assumedRequests = s.sts.requests.filter(r => r.operation === 'AssumeRole')
    expect(assumedRequests.length).toBeGreaterThan(0)
    for (const r of assumedRequests)
      expect(r.body).toMatchObject({ RoleSessionName: 'iam-user-report', DurationSeconds: '900' })
    for (const r of s.iam.requests) {
      expect(r.headers.authorization).toMatch(
        new RegExp(`Credential=ASIA${r.accountId}\\w{4}/\\d{8}/us-east-1/iam/aws4_request`)
      )
      expect(r.hasSecurityToken).toBe(true)
      expect(r.status === 200 || r.status === 409).toBe(true)
    }
  })

  it('keeps member credentials out of every reason and log line', async () => {
    s.sts.knobs.deniedAccounts = new Set()
    // The member's own key and session token in the error text, as AWS quotes what was signed.
    s.iam.failNext(1, {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: ({ key, token }: { key: string; token: string }) => `signature of ${key} ${token}`
    })
    const log: string[] = []
    const result = await collectCredentialReports({
      accountIds: [org.accounts[1].id],
      roleName: ROLE,
      partition: 'aws',
      sourceCredentials: async () => ({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }),
      region: 'us-east-1',
      concurrency: 1,
      deps: { sleep: async () => undefined, log: m => void log.push(m) }
    })
    const text = JSON.stringify(result.failures) + log.join('\n')
    expect(result.failures[0].reason).toBe(
      'credential report failed: SignatureDoesNotMatch: signature of *** ***'
    )
    expect(text).not.toMatch(/ASIA\d{12}|StandinSessionToken/)
  })
})
