// GitHub's answers a user meets in practice, against the bundled action: an assignee GitHub
// refuses, and its rate limit, lifting in an hour or within the minute.
import { startStandins, type Standins } from '../standins/index.js'
import { errorLine, runAction } from '../standins/run-action.js'
import { ACCOUNTS, ROWS } from './small-org.js'

const BUCKET = 'acme-iam-reports'
let standins: Standins
let inputs: Record<string, string>

/** A copy of alice (an admin) under another name and id: a new user in the next report. */
function newUser(name: string) {
  const alice = ROWS.find(r => r.resourceName === 'alice')!
  const id = `AIDA${name.toUpperCase()}`
  return {
    ...alice,
    resourceId: id,
    resourceName: name,
    arn: `arn:aws:iam::111111111111:user/${name}`,
    configuration: { ...(alice.configuration as object), userName: name, userId: id }
  }
}

const latestJson = async (): Promise<string | undefined> =>
  (await standins.s3.getObject(BUCKET, 'iam-user-report/latest.json'))?.toString('utf8')

const warnings = (log: string) => log.split('\n').filter(l => l.startsWith('::warning::'))

beforeAll(async () => {
  standins = await startStandins({ buckets: [BUCKET] })
  standins.config.setItems(ROWS)
  standins.organizations.setAccounts(ACCOUNTS)
  inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    's3-bucket': BUCKET,
    'create-issue': 'true',
    'issue-assignees': 'security-lead, ghost',
    'github-token': standins.githubToken
  }
  standins.github.knobs.assignable = new Set(['security-lead'])
  // The baseline: a first report, which opens no issue.
  const first = await runAction(standins, inputs)
  expect(errorLine(first.log)).toBe('')
})
afterAll(() => standins.close())

describe('GitHub answers', () => {
  it('opens the issue without an assignee GitHub refuses, and warns naming issue-assignees and the login', async () => {
    await standins.nextRun()
    standins.config.setItems([...ROWS, newUser('newcomer')])
    const run = await runAction(standins, inputs)
    expect(run.code).toBe(0)
    expect(errorLine(run.log)).toBe('')
    expect(run.outputs['issue-number']).not.toBe('')
    const issue = standins.github.issues.at(-1) as { assignees: { login: string }[] }
    expect(issue.assignees.map(a => a.login)).toEqual(['security-lead'])
    expect(warnings(run.log).filter(w => /assign/.test(w))).toEqual([
      expect.stringMatching(/^::warning::issue-assignees: GitHub cannot assign 'ghost' to issues/)
    ])
  })

  it('fails at once when GitHub’s rate limit resets in an hour, saying so, and keeps latest', async () => {
    await standins.nextRun()
    standins.config.setItems([...ROWS, newUser('newcomer'), newUser('intruder')])
    const before = await latestJson()
    standins.github.rateLimitNext(1, { resetSeconds: 3600 })
    const started = Date.now()
    const run = await runAction(standins, inputs)
    // Waiting would take the hour; a run that does not wait takes seconds.
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(
      /issue: GitHub's rate limit was hit on the issue in acme\/security-reports \(HTTP 403: API rate limit exceeded.*\), not a missing permission: it resets at \S+Z; run again after that\./
    )
    expect(errorLine(run.log)).not.toMatch(/issues: write/)
    expect(run.log).not.toMatch(/retrying after/)
    expect(await latestJson()).toBe(before)
  })

  it('waits out GitHub’s rate limit when it resets within the minute, then opens the issue', async () => {
    await standins.nextRun({ conclusion: 'failure' })
    const issues = standins.github.issues.length
    standins.github.rateLimitNext(1, { resetSeconds: 2 })
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.log).toMatch(/GitHub rate limit on GET .*\/issues.*; retrying after [23]s/)
    expect(standins.github.issues).toHaveLength(issues + 1)
    expect(run.outputs['new-user-count']).toBe('1')
  })
})
