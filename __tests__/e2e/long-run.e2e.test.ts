// A run that outlives its sessions (SPEC §10, long runs): STS issues sessions of a few seconds,
// every stand-in refuses a session once it has ended, and IAM is slow enough that the run goes on
// well past the first ones.
import { readFile } from 'node:fs/promises'
import { startStandins, type Standins } from '../standins/index.js'
import { errorLine, runAction } from '../standins/run-action.js'
import { ACCOUNTS, ROWS } from './small-org.js'

const BUCKET = 'acme-iam-reports'
const SESSION_SECONDS = 6
const MEMBER_ACCOUNTS = ['111111111111', '222222222222']
let standins: Standins

beforeAll(async () => {
  standins = await startStandins({ buckets: [BUCKET] })
  standins.config.setItems(ROWS)
  standins.organizations.setAccounts(ACCOUNTS)
})
afterAll(() => standins.close())

const ended = (expiration: string): boolean => Date.now() >= Date.parse(expiration)

describe('a run longer than its sessions', () => {
  it('renews its own and the member roles’ sessions, and uploads to S3 at the end', async () => {
    standins.sts.knobs.sessionSeconds = SESSION_SECONDS
    // IAM keeps every report in generation until the first member session has ended: each
    // account's IAM client must then renew its session, through an STS client whose own session
    // (issued earlier) has ended too, and everything after the reports runs on renewed sessions.
    standins.iam.knobs.holdReport = () => {
      const first = standins.sts.assumed[0]
      return first === undefined || !ended(first.expiration)
    }
    const run = await runAction(standins, {
      'aws-region': 'us-east-1',
      'role-to-assume': standins.roleArn,
      'aggregator-name': 'org-aggregator',
      'member-role-name': 'iam-user-report-member',
      's3-bucket': BUCKET
    })
    expect(errorLine(run.log)).toBe('')
    expect(run.code).toBe(0)

    // More than one session of the action's role, and of each member role.
    const [first, ...renewed] = standins.sts.issued
    expect(renewed.length).toBeGreaterThan(0)
    for (const account of MEMBER_ACCOUNTS) {
      const sessions = standins.sts.assumed.filter(a => a.roleArn.split(':')[4] === account)
      expect(sessions.length).toBeGreaterThan(1)
    }
    // Every account's report was read: no user is left without credential-report columns.
    const json = JSON.parse(await readFile(run.outputs['report-json-file'], 'utf8'))
    expect(json.users.length).toBeGreaterThan(0)
    for (const user of json.users as Record<string, unknown>[])
      expect(user.mfa_active).not.toBeNull()

    // The uploads came after the first session had ended, signed with a later one, and succeeded.
    const puts = standins.s3.requests.filter(r => r.operation === 'PutObject')
    expect(puts.length).toBeGreaterThan(0)
    for (const put of puts) {
      expect(put.status).toBe(200)
      expect(put.headers['x-amz-security-token']).not.toBe(first.sessionToken)
    }
    expect(run.outputs['s3-uri']).toMatch(/^s3:\/\/acme-iam-reports\//)
    expect(await standins.s3.listKeys(BUCKET)).toContain('iam-user-report/latest.json')
    // No request reached a service with an ended session.
    const services = [standins.config, standins.organizations, standins.iam, standins.s3]
    for (const service of [...services, standins.sts])
      expect(service.requests.filter(r => r.status === 400 || r.status === 403)).toEqual([])
    // Every session's token was masked, and printed nowhere else.
    const lines = run.log.split('\n')
    const masked = lines.filter(l => l.startsWith('::add-mask::')).map(l => l.slice(12))
    const printed = lines.filter(l => !l.startsWith('::add-mask::')).join('\n')
    for (const { sessionToken } of standins.sts.issued) {
      expect(masked).toContain(sessionToken)
      expect(printed).not.toContain(sessionToken)
    }
    expect(run.log).toContain(`Renewed the session of ${standins.roleArn}`)
  })
})
