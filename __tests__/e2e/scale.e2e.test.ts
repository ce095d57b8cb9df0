import { readFile } from 'node:fs/promises'
import { generateOrg, startStandins, summarizeOrg, type Standins } from '../standins/index.js'
import { errorLine, runAction } from '../standins/run-action.js'

// A few hundred accounts behind a rate-limited, slow Config: the bundled action counts, shards
// and pages side by side, and the report holds every user.
const org = generateOrg({ seed: 23, accounts: 300, usersPerAccount: 12 })
const expected = summarizeOrg(org)
const COUNT_QUERY =
  "SELECT accountId, resourceType, COUNT(*) WHERE resourceType IN ('AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Policy') GROUP BY accountId, resourceType"
let standins: Standins

beforeAll(async () => {
  standins = await startStandins({ org })
  Object.assign(standins.config.knobs, { tps: 20, latencyMs: 40 })
})
afterAll(() => standins.close())

describe('the bundled action on a large organisation', () => {
  it('reads it in account shards within the rate Config allows, and reports every user', async () => {
    const run = await runAction(standins, {
      'aws-region': 'us-east-1',
      'role-to-assume': standins.roleArn,
      'aggregator-name': 'org-aggregator',
      'account-names': 'true',
      'max-concurrency': '8'
    })
    expect(errorLine(run.log)).toBe('')
    // The stand-in allows 20 requests/s; the limiter stays at 2 per slot, 16/s.
    expect(standins.config.requests.filter(r => r.status === 400)).toHaveLength(0)
    expect(run.outputs['user-count']).toBe(String(expected.userCount))
    expect(run.outputs['admin-count']).toBe(String(expected.adminCount))
    expect(run.outputs['account-count']).toBe(String(expected.accountCount))
    const csv = await readFile(run.outputs['report-file']!, 'utf8')
    expect(csv.trimEnd().split('\r\n')).toHaveLength(expected.userCount + 1)

    const selects = standins.config.requests
      .filter(r => r.operation === 'SelectAggregateResourceConfig')
      .map(r => r.body as { Expression: string; Limit?: number })
    expect(selects[0]).toEqual({
      ConfigurationAggregatorName: 'org-aggregator',
      Expression: COUNT_QUERY
    })
    const shards = new Set(
      selects.filter(s => s.Expression.includes(' AND accountId IN (')).map(s => s.Expression)
    )
    expect(shards.size).toBeGreaterThan(8)
    const accounts = [...shards].flatMap(s => [...s.matchAll(/'(\d{12})'/g)].map(m => m[1]))
    expect(new Set(accounts)).toEqual(new Set(org.accounts.map(a => a.id)))
    expect(accounts).toHaveLength(org.accounts.length)
    expect(run.log).not.toMatch(/::warning::AWS Config returned other numbers/)
  })
})
