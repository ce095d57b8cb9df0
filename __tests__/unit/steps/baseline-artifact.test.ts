import { readArtifactBaseline } from '../../../src/steps/baseline.js'
import { toJson } from '../../../src/report/json.js'
import { REPO, fakeActionsOctokit, type FakeArtifact } from '../../fixtures/github-actions.js'
import { report, userRecord } from '../../fixtures/report-records.js'

const thisRun = { repo: REPO, runId: 900, branch: 'main' }
const runs = [900, 802].map(id => ({
  id,
  workflow_id: 77,
  head_branch: 'main',
  conclusion: id === 900 ? null : 'success'
}))

/** readArtifactBaseline when run 802 uploaded `files` (no artifact at all: undefined). */
async function readWith(files: Record<string, string> | undefined) {
  const artifacts: FakeArtifact[] = files ? [{ id: 2, run: 802, files }] : []
  const warnings: string[] = []
  const { octokit } = fakeActionsOctokit(runs, artifacts)
  const result = await readArtifactBaseline(octokit, thisRun, 'iam-user-report', m =>
    warnings.push(m)
  )
  return { result, warnings }
}

describe('readArtifactBaseline', () => {
  it('compares with the report in the artifact, naming the run', async () => {
    const json = toJson({ ...report([userRecord()]), generatedAt: '2026-11-02T09:00:00Z' })
    const { result, warnings } = await readWith({ 'iam-users.json': json })
    expect(result.baseline?.users).toHaveLength(1)
    expect(result.note).toBe(
      "Compared with the artifact 'iam-user-report' of run 802, generated 2026-11-02T09:00:00Z."
    )
    expect(warnings).toEqual([])
  })

  it('is a first report, naming the branch and saying artifacts expire, when none is found', async () => {
    const { result } = await readWith(undefined)
    expect(result.baseline).toBeNull()
    expect(result.failure).toBeUndefined()
    expect(result.note).toMatch(
      /^First report: no artifact 'iam-user-report' from an earlier successful run of this workflow on branch 'main' \(artifacts expire/
    )
  })

  it('warns and starts over when the artifact holds no report or an unreadable one', async () => {
    const empty = await readWith({ 'iam-users.csv': 'a,b' })
    expect(empty.result).toMatchObject({ baseline: null, note: expect.stringMatching(/no JSON/) })
    expect(empty.warnings).toEqual([
      "The artifact 'iam-user-report' of run 802 holds no JSON report; treating this as a first report."
    ])
    const broken = await readWith({ 'iam-users.json': '{"schemaVersion":2}' })
    expect(broken.result.baseline).toBeNull()
    expect(broken.warnings[0]).toMatch(/of run 802 is not a readable report/)
  })

  it('fails the step, with the adapter’s line, when the artifacts cannot be looked up', async () => {
    const denied = Object.assign(new Error('Resource not accessible by integration'), {
      status: 403,
      response: { headers: {} }
    })
    const { octokit } = fakeActionsOctokit(runs, [], denied)
    const result = await readArtifactBaseline(octokit, thisRun, 'iam-user-report', () => {})
    expect(result).toMatchObject({
      baseline: null,
      failure: expect.stringMatching(/^reading the baseline artifact \(HTTP 403.*actions: read/)
    })
  })
})
