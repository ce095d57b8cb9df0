import AdmZip from 'adm-zip'
import { GitHubError, errorMessage, httpStatus } from '../errors.js'
import type { RepoRef } from './issues.js'
import type { Octokit } from './octokit.js'
import { describeRateLimit } from './rate-limit.js'

/** The run looking for its baseline. */
export interface ThisRun {
  readonly repo: RepoRef
  readonly runId: number
  /** `GITHUB_REF_NAME`: only runs on the same branch count. */
  readonly branch: string
}

/** The last report found in an artifact: the run that uploaded it and its JSON text, if any. */
export interface ArtifactReport {
  readonly runId: number
  /** Undefined when the artifact holds no JSON file. */
  readonly json: string | undefined
}

/**
 * The artifact `artifactName` of the newest earlier successful run of this workflow on the same
 * branch, from this repository. Any other run could plant a report under which a new admin goes
 * unreported: anyone who may push a branch can run the workflow there, and a fork's pull request
 * runs its own copy of it. Undefined when there is none (artifacts expire, by default after 90
 * days); a failure to look is a GitHubError that says what to fix.
 */
export async function findArtifactReport(
  octokit: Octokit,
  run: ThisRun,
  artifactName: string
): Promise<ArtifactReport | undefined> {
  const { repo, runId, branch } = run
  try {
    const { data: thisRun } = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId })
    // Newest first; the 100 newest successful runs reach back further than artifacts live.
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: thisRun.workflow_id,
      branch,
      status: 'success',
      per_page: 100
    })
    // The listing's filters are checked again: they are what keeps a planted report out.
    const earlier = data.workflow_runs.filter(
      r =>
        r.id !== runId &&
        r.head_branch === branch &&
        r.conclusion === 'success' &&
        r.head_repository?.id === r.repository.id
    )
    for (const earlierRun of earlier) {
      const { data: listed } = await octokit.rest.actions.listWorkflowRunArtifacts({
        ...repo,
        run_id: earlierRun.id,
        name: artifactName
      })
      // A run skipped by schedule-day succeeds with no artifact: look at the one before.
      const artifact = listed.artifacts.find(a => a.name === artifactName && !a.expired)
      if (artifact)
        return { runId: earlierRun.id, json: await downloadJson(octokit, repo, artifact.id) }
    }
    return undefined
  } catch (error) {
    throw new GitHubError(
      describeRateLimit(error, 'the baseline artifact') ??
        `reading the baseline artifact (HTTP ${httpStatus(error) ?? '?'}: ${errorMessage(error)}): grant the job \`permissions: actions: read\`, or set s3-bucket`
    )
  }
}

/** The first JSON file in the artifact's zip. */
async function downloadJson(
  octokit: Octokit,
  repo: RepoRef,
  artifactId: number
): Promise<string | undefined> {
  const zip = await octokit.rest.actions.downloadArtifact({
    ...repo,
    artifact_id: artifactId,
    archive_format: 'zip'
  })
  return new AdmZip(Buffer.from(zip.data as ArrayBuffer))
    .getEntries()
    .find(e => e.entryName.endsWith('.json'))
    ?.getData()
    .toString('utf8')
}
