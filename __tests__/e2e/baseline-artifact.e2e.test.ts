import { startStandins, type Standins } from '../standins/index.js'
import { errorLine, runAction } from '../standins/run-action.js'
import { ACCOUNTS, ROWS } from './small-org.js'

let standins: Standins
let inputs: Record<string, string>

beforeAll(async () => {
  standins = await startStandins()
  standins.config.setItems(ROWS)
  standins.organizations.setAccounts(ACCOUNTS)
  // No s3-bucket: the baseline is the previous successful run's artifact.
  inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    'create-issue': 'true',
    'github-token': standins.githubToken
  }
})
afterAll(() => standins.close())

describe('the baseline without a bucket', () => {
  it('is a first report, saying artifacts expire, when no earlier artifact exists', async () => {
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.outputs['new-user-count']).toBe('0')
    expect(run.summary).toMatch(/artifacts expire/)
    expect(standins.github.issues).toHaveLength(0)
  })

  it('ignores the artifact of a failed run and diffs against the last successful one', async () => {
    await standins.nextRun({ conclusion: 'success' })
    const alice = ROWS.find(r => r.resourceName === 'alice')!
    const newcomer = {
      ...alice,
      resourceId: 'AIDANEWCOMER',
      resourceName: 'newcomer',
      arn: 'arn:aws:iam::111111111111:user/newcomer',
      configuration: {
        ...(alice.configuration as object),
        userName: 'newcomer',
        userId: 'AIDANEWCOMER',
        groupList: []
      }
    }
    standins.config.setItems([...ROWS, newcomer])
    // This run's artifact holds the newcomer, but the run fails: it must not become the baseline.
    await runAction(standins, inputs)
    await standins.nextRun({ conclusion: 'failure' })

    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.outputs['new-user-count']).toBe('1')
    expect(run.summary).toMatch(/Compared with the artifact 'iam-user-report' of run 7000000001/)
    expect(standins.github.issues).toHaveLength(1)
    expect((standins.github.issues[0] as { title: string }).title).toMatch(
      /^IAM users: 1 new, 0 removed since /
    )
  })

  it('fails with the permission to grant when the artifacts cannot be listed', async () => {
    await standins.nextRun()
    standins.github.failNext(1, { status: 403, message: 'Resource not accessible by integration' })
    const run = await runAction(standins, inputs)
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(
      /reading the baseline artifact \(HTTP 403.*permissions: actions: read/
    )
    expect(standins.github.issues).toHaveLength(1)
  })
})
