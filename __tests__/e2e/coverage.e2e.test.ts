// Coverage and lost data (SPEC 10): an account with no IAM data in the aggregator is named, and
// an account whose data vanished is never reported as if its users had been deleted.
import { generateOrg, startStandins, type Standins } from '../standins/index.js'
import { errorLine, runAction } from '../standins/run-action.js'

const BUCKET = 'acme-iam-reports'
const LATEST = 'iam-user-report/latest.json'
const org = generateOrg({ seed: 7, accounts: 4, usersPerAccount: 6 })
// The first account keeps its data throughout.
const [, vanishing, unrecorded, rolesOnly] = org.accounts.map(a => a.id) as string[]
type Item = { accountId: string; resourceType: string }
const items = org.items as Item[]

let standins: Standins
let inputs: Record<string, string>

/** Users of an account in latest.json, the baseline of the next run. */
async function baselineUsersOf(id: string): Promise<number> {
  const latest = JSON.parse(String(await standins.s3.getObject(BUCKET, LATEST)))
  return latest.users.filter((u: { account_id: string }) => u.account_id === id).length
}

beforeAll(async () => {
  standins = await startStandins({ buckets: [BUCKET] })
  standins.organizations.setAccounts(org.accounts)
  inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    's3-bucket': BUCKET,
    'create-issue': 'true',
    'github-token': standins.githubToken
  }
})
afterAll(() => standins.close())

describe('coverage', () => {
  it('names the ACTIVE accounts with no IAM data, and counts one with roles only as covered', async () => {
    standins.config.setItems(
      items.filter(
        i =>
          i.accountId !== unrecorded &&
          (i.accountId !== rolesOnly || i.resourceType === 'AWS::IAM::Role')
      )
    )
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.outputs['uncovered-account-count']).toBe('1')
    expect(run.log).toMatch(
      new RegExp(
        `::warning::1 ACTIVE account\\(s\\) of the organization have no IAM data in the aggregator \\(${unrecorded}\\)`
      )
    )
    expect(run.summary).toContain('### Accounts with no IAM data in the aggregator')
    expect(run.summary).toMatch(new RegExp(`\`${unrecorded}\`.*does not record IAM`))
    expect(run.summary).not.toMatch(new RegExp(`\`${rolesOnly}\`.*does not record IAM`))
    expect(run.outputs['account-count']).toBe('2')
  })
})

describe('lost data', () => {
  beforeAll(async () => {
    await standins.nextRun()
    standins.config.setItems(items)
    const baseline = await runAction(standins, inputs)
    expect(errorLine(baseline.log)).toBe('')
  })

  it('fails naming an account whose data vanished, keeps latest, and does not call its users removed', async () => {
    await standins.nextRun()
    const latestBefore = await standins.s3.getObject(BUCKET, LATEST)
    const users = await baselineUsersOf(vanishing)
    expect(users).toBeGreaterThan(0)
    standins.config.setItems(items.filter(i => i.accountId !== vanishing))
    const run = await runAction(standins, inputs)

    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(
      new RegExp(
        `no IAM data this month for 1 account\\(s\\) that had ${users} user\\(s\\) at the last report \\(${vanishing}\\).*source status`
      )
    )
    expect(run.outputs['removed-user-count']).toBe('0')
    expect(run.summary).toContain('### No data this month')
    expect(await standins.s3.getObject(BUCKET, LATEST)).toEqual(latestBefore)
    const issue = standins.github.issues.at(-1) as { body: string }
    expect(issue.body).toContain('### No data this month')
    expect(issue.body).toContain(`\`${vanishing}\``)
  })

  it('reports the users of an account that left the organization as ordinary removals', async () => {
    await standins.nextRun()
    const users = await baselineUsersOf(vanishing)
    standins.organizations.setAccounts(org.accounts.filter(a => a.id !== vanishing))
    standins.config.setItems(items.filter(i => i.accountId !== vanishing))
    const run = await runAction(standins, inputs)

    expect(errorLine(run.log)).toBe('')
    expect(run.outputs['removed-user-count']).toBe(String(users))
    expect(run.summary).not.toContain('### No data this month')
  })
})
