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

/** Alice (an admin) under another name and id, with `config` changed: a new user. */
function copyOfAlice(name: string, config: Record<string, unknown> = {}) {
  const alice = ROWS.find(r => r.resourceName === 'alice')!
  const id = `AIDA${name.toUpperCase()}`
  return {
    ...alice,
    resourceId: id,
    resourceName: name,
    arn: `arn:aws:iam::111111111111:user/${name}`,
    configuration: { ...(alice.configuration as object), userName: name, userId: id, ...config }
  }
}

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
    const newcomer = copyOfAlice('newcomer', { groupList: [] })
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

  it('ignores a newer artifact of a run on another branch', async () => {
    // The run before failed; this one, on main, makes the baseline.
    await standins.nextRun({ conclusion: 'failure' })
    standins.config.setItems(ROWS)
    const baseline = await runAction(standins, inputs)
    expect(errorLine(baseline.log)).toBe('')
    const mainRun = standins.env.GITHUB_RUN_ID

    // A run on another branch plants a report that already holds a new admin.
    await standins.nextRun({ conclusion: 'success', branch: 'planted' })
    standins.config.setItems([...ROWS, copyOfAlice('intruder')])
    const planted = await runAction(standins, inputs)
    expect(errorLine(planted.log)).toBe('')

    await standins.nextRun({ conclusion: 'success' })
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.summary).toContain(`Compared with the artifact 'iam-user-report' of run ${mainRun}`)
    expect(run.outputs['new-user-count']).toBe('1')
    expect((standins.github.issues.at(-1) as { body: string }).body).toContain('intruder')
  })
})
