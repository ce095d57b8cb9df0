import { findArtifactReport } from '../../../src/github/artifact-baseline.js'
import { REPO, fakeActionsOctokit, type FakeRun } from '../../fixtures/github-actions.js'

const THIS_RUN = 900
const WORKFLOW = 77
const thisRun = { repo: REPO, runId: THIS_RUN, branch: 'main' }
const run = (id: number, extra: Partial<FakeRun> = {}): FakeRun => ({
  id,
  workflow_id: WORKFLOW,
  head_branch: 'main',
  conclusion: 'success',
  ...extra
})
const report = (label: string) => ({ files: { 'iam-users.json': label } })

/** An Octokit error as it reaches us: status, message and the response headers. */
function httpError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { name: 'HttpError', status, response: { headers } })
}

describe('findArtifactReport', () => {
  it('takes the artifact of the newest earlier successful run of the workflow on the same branch', async () => {
    // Newest first, as GitHub lists runs.
    const runs = [
      run(THIS_RUN, { conclusion: null }),
      run(809, { head_branch: 'feature' }),
      run(808, { fork: true }),
      run(807, { conclusion: 'failure' }),
      run(806, { workflow_id: 99 }),
      run(805), // skipped by schedule-day: no artifact
      run(802),
      run(801)
    ]
    const { octokit, downloaded, runQueries } = fakeActionsOctokit(runs, [
      { id: 9, run: 809, ...report('feature') },
      { id: 8, run: 808, ...report('fork') },
      { id: 7, run: 807, ...report('failed') },
      { id: 6, run: 806, ...report('other workflow') },
      { id: 5, run: 805, name: 'something-else', ...report('other name') },
      { id: 2, run: 802, ...report('main') },
      { id: 1, run: 801, ...report('older main') },
      { id: 10, run: THIS_RUN, ...report('an earlier attempt of this run') }
    ])
    await expect(findArtifactReport(octokit, thisRun, 'iam-user-report')).resolves.toEqual({
      runId: 802,
      json: 'main'
    })
    expect(downloaded).toEqual([2])
    expect(runQueries).toEqual([
      expect.objectContaining({ workflow_id: WORKFLOW, branch: 'main', status: 'success' })
    ])
  })

  it('passes over an expired artifact', async () => {
    const { octokit } = fakeActionsOctokit(
      [run(THIS_RUN), run(802), run(801)],
      [
        { id: 2, run: 802, expired: true, ...report('expired') },
        { id: 1, run: 801, ...report('kept') }
      ]
    )
    await expect(findArtifactReport(octokit, thisRun, 'iam-user-report')).resolves.toEqual({
      runId: 801,
      json: 'kept'
    })
  })

  it('finds nothing when only other branches have an artifact', async () => {
    const { octokit, downloaded } = fakeActionsOctokit(
      [run(THIS_RUN), run(803, { head_branch: 'feature' })],
      [{ id: 3, run: 803, ...report('feature') }]
    )
    await expect(findArtifactReport(octokit, thisRun, 'iam-user-report')).resolves.toBeUndefined()
    expect(downloaded).toEqual([])
  })

  it('answers an artifact without a JSON file with no text', async () => {
    const { octokit } = fakeActionsOctokit(
      [run(THIS_RUN), run(802)],
      [{ id: 2, run: 802, files: { 'iam-users.csv': 'a,b' } }]
    )
    await expect(findArtifactReport(octokit, thisRun, 'iam-user-report')).resolves.toEqual({
      runId: 802,
      json: undefined
    })
  })

  it('asks for actions: read when GitHub refuses the lookup', async () => {
    const { octokit } = fakeActionsOctokit(
      [],
      [],
      httpError(403, 'Resource not accessible by integration')
    )
    await expect(findArtifactReport(octokit, thisRun, 'iam-user-report')).rejects.toThrow(
      'reading the baseline artifact (HTTP 403: Resource not accessible by integration): grant the job `permissions: actions: read`, or set s3-bucket'
    )
  })

  it('says GitHub’s rate limit was hit, not a permission, and when it resets', async () => {
    const limited = httpError(403, 'API rate limit exceeded', {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.UTC(2026, 11, 1, 9, 30) / 1000)
    })
    const failure = findArtifactReport(fakeActionsOctokit([], [], limited).octokit, thisRun, 'a')
    await expect(failure).rejects.toThrow(
      "GitHub's rate limit was hit on the baseline artifact (HTTP 403: API rate limit exceeded), not a missing permission: it resets at 2026-12-01T09:30:00.000Z; run again after that."
    )
    await expect(failure).rejects.not.toThrow(/actions: read/)
  })
})
