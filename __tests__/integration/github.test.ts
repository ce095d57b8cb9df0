// The GitHub adapters through the real Octokit (retry and throttling plugins) against the GitHub
// stand-in: rate limits, refused assignees and the baseline artifact of the same branch.
import type { Octokit } from '../../src/github/octokit.js'
import { startStandins, type Standins } from '../standins/index.js'

let s: Standins
let octokit: Octokit
const log: string[] = []
const savedEnv = { ...process.env }
const repo = { owner: 'acme', repo: 'security-reports' }
const content = { title: 't', body: 'b', labels: [], assignees: [], marker: '<!-- m -->' }
const noWarning = (message: string) => {
  throw new Error(`unexpected warning: ${message}`)
}
// Imported once GITHUB_API_URL points at the stand-in: @actions/github reads it on import.
let github: {
  upsertIssue: typeof import('../../src/github/issues.js').upsertIssue
  findArtifactReport: typeof import('../../src/github/artifact-baseline.js').findArtifactReport
}

beforeAll(async () => {
  s = await startStandins()
  Object.assign(process.env, s.env)
  const { createOctokit } = await import('../../src/github/octokit.js')
  octokit = createOctokit(s.githubToken, m => log.push(m))
  github = {
    ...(await import('../../src/github/issues.js')),
    ...(await import('../../src/github/artifact-baseline.js'))
  }
})

afterAll(async () => {
  await s?.close()
  process.env = savedEnv
})
beforeEach(() => (log.length = 0))

describe('GitHub rate limits', () => {
  it('fails at once, saying when the limit resets, when it resets in an hour', async () => {
    s.github.rateLimitNext(1, { resetSeconds: 3600 })
    const started = Date.now()
    const failure = github.upsertIssue(octokit, repo, content, noWarning)
    await expect(failure).rejects.toThrow(
      /^GitHub's rate limit was hit on the issue in acme\/security-reports \(HTTP 403: API rate limit exceeded.*\), not a missing permission: it resets at \S+; run again after that\.$/
    )
    expect(Date.now() - started).toBeLessThan(5000)
    expect(log).toEqual([
      expect.stringMatching(/lifts in 360[01]s, more than the 60s worth waiting/)
    ])
  })

  it('waits out a limit that resets within the minute', async () => {
    s.github.rateLimitNext(1, { resetSeconds: 1 })
    await expect(github.upsertIssue(octokit, repo, content, noWarning)).resolves.toMatchObject({
      updated: false
    })
    expect(log).toEqual([expect.stringMatching(/rate limit on GET .*; retrying after [12]s$/)])
  })
})

describe('GitHub refusing an assignee', () => {
  it('opens the issue with the assignable logins only, and warns naming the others', async () => {
    s.github.knobs.assignable = new Set(['security-lead'])
    const warnings: string[] = []
    const opened = await github.upsertIssue(
      octokit,
      repo,
      { ...content, marker: '<!-- assignees -->', assignees: ['security-lead', 'ghost'] },
      m => warnings.push(m)
    )
    s.github.knobs.assignable = null
    const issue = s.github.issues.find(i => i.number === opened.number) as {
      assignees: { login: string }[]
    }
    expect(issue.assignees.map(a => a.login)).toEqual(['security-lead'])
    expect(warnings).toEqual([expect.stringMatching(/^issue-assignees: .*'ghost'/)])
  })
})

describe('the baseline artifact', () => {
  it('comes from the newest successful run on the same branch, not from another branch or a fork', async () => {
    const file = (text: string) => ({ 'iam-users.json': text })
    await s.github.addArtifact({ name: 'iam-user-report', runId: 501, files: file('main') })
    await s.github.addArtifact({
      name: 'iam-user-report',
      runId: 502,
      branch: 'feature',
      files: file('feature')
    })
    s.github.addRun({ id: 503, headRepository: 'mallory/security-reports' })
    await s.github.addArtifact({ name: 'iam-user-report', runId: 503, files: file('fork') })
    const thisRun = { repo, runId: Number(s.env.GITHUB_RUN_ID), branch: 'main' }
    await expect(github.findArtifactReport(octokit, thisRun, 'iam-user-report')).resolves.toEqual({
      runId: 501,
      json: 'main'
    })
    const onFeature = { ...thisRun, branch: 'feature' }
    await expect(
      github.findArtifactReport(octokit, onFeature, 'iam-user-report')
    ).resolves.toMatchObject({ runId: 502 })
  })
})
