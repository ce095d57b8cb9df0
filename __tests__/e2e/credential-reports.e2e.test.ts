import { readFile } from 'node:fs/promises'
import { startStandins, type Standins } from '../standins/index.js'
import { errorLine, runAction } from '../standins/run-action.js'
import { ACCOUNTS, ROWS } from './small-org.js'

const ENRICHMENT_HEADER =
  'password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used,last_activity,days_inactive'

let standins: Standins
let inputs: Record<string, string>

beforeAll(async () => {
  standins = await startStandins()
  standins.config.setItems(ROWS)
  standins.organizations.setAccounts(ACCOUNTS)
  inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    'member-role-name': 'iam-user-report-member',
    'stale-days': '90'
  }
})
afterAll(() => standins.close())

/** The stand-in's own credential report of an account, by user name: the independent truth. */
function truth(accountId: string): Map<string, Record<string, string>> {
  const [header, ...rows] = standins.iam
    .reportCsv(accountId)!
    .trim()
    .split('\n')
    .map(l => l.split(','))
  return new Map(rows.map(r => [r[0], Object.fromEntries(header.map((h, k) => [h, r[k]]))]))
}

describe('credential-report enrichment', () => {
  it('enriches the accounts it can read and lists, with empty columns, the one it cannot', async () => {
    standins.sts.knobs.deniedAccounts = new Set(['222222222222'])
    standins.iam.knobs.inProgressPolls = new Map([['111111111111', 2]])
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.code).toBe(0)
    expect(run.log).toMatch(
      /::warning::No credential report for account 222222222222: role arn:aws:iam::222222222222:role\/iam-user-report-member cannot be assumed/
    )

    const lines = (await readFile(run.outputs['report-file'], 'utf8')).trimEnd().split('\r\n')
    expect(lines[0].endsWith(`,config_captured_at,${ENRICHMENT_HEADER}`)).toBe(true)
    const json = JSON.parse(await readFile(run.outputs['report-json-file'], 'utf8'))
    const report = truth('111111111111')
    for (const user of json.users as Record<string, unknown>[]) {
      if (user.account_id === '111111111111') {
        const row = report.get(user.user_name as string)!
        expect(user.mfa_active).toBe(row.mfa_active === 'true')
        expect(user.password_enabled).toBe(row.password_enabled === 'true')
      } else {
        expect(user.mfa_active).toBeNull()
      }
    }
    // Rows of the denied account keep 11 empty cells.
    for (const line of lines.slice(1).filter(l => l.startsWith('222222222222'))) {
      expect(line.endsWith(',,,,,,,,,,,')).toBe(true)
    }
    expect(run.summary).toMatch(/Accounts without a credential report \(1\)/)
    expect(run.summary).toContain('222222222222')
    // Only the member role of each account was asked for, and no member credential was printed.
    expect(standins.sts.assumed.map(a => a.roleArn)).toEqual([
      'arn:aws:iam::111111111111:role/iam-user-report-member'
    ])
    for (const a of standins.sts.assumed) expect(run.log).not.toContain(a.accessKeyId)
  })

  it('fails with the fix when no account at all can be read', async () => {
    await standins.nextRun()
    standins.sts.knobs.deniedAccounts = new Set(['111111111111', '222222222222'])
    const run = await runAction(standins, inputs)
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(
      /No account's credential report could be read through role 'iam-user-report-member'.*deploy\/member-role.yaml/
    )
  })

  it('leaves the report exactly as without enrichment when member-role-name is empty', async () => {
    await standins.nextRun()
    const assumed = standins.sts.assumed.length
    const iamRequests = standins.iam.requests.length
    const run = await runAction(standins, { ...inputs, 'member-role-name': '' })
    expect(errorLine(run.log)).toBe('')
    const header = (await readFile(run.outputs['report-file'], 'utf8')).split('\r\n')[0]
    expect(header.endsWith(',config_captured_at')).toBe(true)
    // No member role assumed, no IAM call, and neither the JSON nor the outputs speak of it.
    expect(standins.sts.assumed).toHaveLength(assumed)
    expect(standins.iam.requests).toHaveLength(iamRequests)
    const json = JSON.parse(await readFile(run.outputs['report-json-file'], 'utf8'))
    expect(json).not.toHaveProperty('credentialReports')
    expect(Object.keys(json.users[0])).not.toContain('stale')
    expect(run.outputs['stale-user-count']).toBe('')
  })
})
