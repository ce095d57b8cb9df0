import AdmZip from 'adm-zip'
import { readArtifactBaseline } from '../../../src/github/artifact-baseline.js'
import type { Octokit } from '../../../src/github/octokit.js'
import { toJson } from '../../../src/report/json.js'
import { report, userRecord } from '../../fixtures/report-records.js'

const repo = { owner: 'o', repo: 'r' }
const THIS_RUN = 900
const WORKFLOW = 77

interface Run {
  id: number
  workflow_id: number
  conclusion: string
}

/** An artifact of `run`, holding a report generated at `generatedAt`. */
function artifact(id: number, run: number, createdAt: string, generatedAt: string) {
  const zip = new AdmZip()
  zip.addFile('iam-users.json', Buffer.from(toJson({ ...report([userRecord()]), generatedAt })))
  return {
    id,
    expired: false,
    created_at: createdAt,
    workflow_run: { id: run },
    zip: zip.toBuffer()
  }
}

function fakeOctokit(runs: Run[], artifacts: ReturnType<typeof artifact>[]) {
  const downloaded: number[] = []
  const octokit = {
    rest: {
      actions: {
        getWorkflowRun: async ({ run_id }: { run_id: number }) => ({
          data: runs.find(r => r.id === run_id)!
        }),
        listArtifactsForRepo: async () => ({ data: { artifacts } }),
        downloadArtifact: async ({ artifact_id }: { artifact_id: number }) => {
          downloaded.push(artifact_id)
          const zip = artifacts.find(a => a.id === artifact_id)!.zip
          return { data: zip.buffer.slice(zip.byteOffset, zip.byteOffset + zip.length) }
        }
      }
    }
  }
  return { octokit: octokit as unknown as Octokit, downloaded }
}

describe('readArtifactBaseline', () => {
  it('takes the newest artifact of an earlier successful run of the same workflow', async () => {
    const runs: Run[] = [
      { id: THIS_RUN, workflow_id: WORKFLOW, conclusion: '' },
      { id: 801, workflow_id: WORKFLOW, conclusion: 'success' },
      { id: 802, workflow_id: WORKFLOW, conclusion: 'success' },
      { id: 803, workflow_id: WORKFLOW, conclusion: 'failure' },
      { id: 804, workflow_id: 99, conclusion: 'success' }
    ]
    const { octokit, downloaded } = fakeOctokit(runs, [
      artifact(1, 801, '2026-10-05T09:00:00Z', '2026-10-05T09:00:00Z'),
      artifact(2, 802, '2026-11-02T09:00:00Z', '2026-11-02T09:00:00Z'),
      // Newer, but of a failed run and of another workflow: both passed over.
      artifact(3, 803, '2026-11-20T09:00:00Z', '2026-11-20T09:00:00Z'),
      artifact(4, 804, '2026-11-21T09:00:00Z', '2026-11-21T09:00:00Z'),
      // This run's own artifact, from an attempt before this one.
      artifact(5, THIS_RUN, '2026-11-22T09:00:00Z', '2026-11-22T09:00:00Z')
    ])
    const result = await readArtifactBaseline(octokit, repo, THIS_RUN, 'iam-user-report', () => {
      throw new Error('no warning expected')
    })
    expect(downloaded).toEqual([2])
    expect(result.baseline?.generatedAt).toBe('2026-11-02T09:00:00Z')
    expect(result.note).toBe(
      "Compared with the artifact 'iam-user-report' of run 802, generated 2026-11-02T09:00:00Z."
    )
  })

  it('is a first report when no earlier successful run of the workflow has one', async () => {
    const runs: Run[] = [
      { id: THIS_RUN, workflow_id: WORKFLOW, conclusion: '' },
      { id: 804, workflow_id: 99, conclusion: 'success' }
    ]
    const { octokit, downloaded } = fakeOctokit(runs, [
      artifact(4, 804, '2026-11-21T09:00:00Z', '2026-11-21T09:00:00Z')
    ])
    const result = await readArtifactBaseline(octokit, repo, THIS_RUN, 'iam-user-report', () => {})
    expect(downloaded).toEqual([])
    expect(result.baseline).toBeNull()
    expect(result.failure).toBeUndefined()
    expect(result.note).toMatch(/^First report: no artifact 'iam-user-report'/)
  })

  it('warns and starts over when the artifact’s report has a generatedAt that is no timestamp', async () => {
    const runs: Run[] = [
      { id: THIS_RUN, workflow_id: WORKFLOW, conclusion: '' },
      { id: 801, workflow_id: WORKFLOW, conclusion: 'success' }
    ]
    const { octokit } = fakeOctokit(runs, [
      artifact(
        1,
        801,
        '2026-11-02T09:00:00Z',
        '2026-11-02T09:00:00Z\n::error::x <img src=x> @someone'
      )
    ])
    const warnings: string[] = []
    const result = await readArtifactBaseline(octokit, repo, THIS_RUN, 'iam-user-report', w =>
      warnings.push(w)
    )
    expect(result.baseline).toBeNull()
    expect(result.failure).toBeUndefined()
    expect(result.note).toBe(
      "First report: the artifact 'iam-user-report' of run 801 was unreadable."
    )
    expect(warnings).toEqual([
      expect.stringMatching(/generatedAt is not an ISO 8601 UTC timestamp/)
    ])
    expect(warnings[0]).not.toMatch(/::error::|<img|@someone/)
  })
})
