import AdmZip from 'adm-zip'
import { errorMessage, httpStatus } from '../errors.js'
import { parseBaseline } from '../report/baseline.js'
import type { BaselineResult } from '../steps/baseline.js'
import type { RepoRef } from './issues.js'
import type { Octokit } from './octokit.js'

/**
 * Without a bucket, the baseline is the JSON in the newest artifact of the same name from an
 * earlier successful run of this workflow. Artifacts expire (90 days by default), so none found
 * is a first report, said in the summary.
 */
export async function readArtifactBaseline(
  octokit: Octokit,
  repo: RepoRef,
  runId: number,
  artifactName: string,
  warn: (message: string) => void
): Promise<BaselineResult> {
  try {
    const { data: thisRun } = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId })
    const { data } = await octokit.rest.actions.listArtifactsForRepo({
      ...repo,
      name: artifactName,
      per_page: 100
    })
    const candidates = data.artifacts
      .filter(a => !a.expired && a.workflow_run?.id !== undefined && a.workflow_run.id !== runId)
      .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''))
    for (const artifact of candidates) {
      const { data: run } = await octokit.rest.actions.getWorkflowRun({
        ...repo,
        run_id: artifact.workflow_run!.id!
      })
      if (run.workflow_id !== thisRun.workflow_id || run.conclusion !== 'success') continue
      const zip = await octokit.rest.actions.downloadArtifact({
        ...repo,
        artifact_id: artifact.id,
        archive_format: 'zip'
      })
      const entry = new AdmZip(Buffer.from(zip.data as ArrayBuffer))
        .getEntries()
        .find(e => e.entryName.endsWith('.json'))
      const where = `artifact '${artifactName}' of run ${run.id}`
      if (!entry) {
        warn(`The ${where} holds no JSON report; treating this as a first report.`)
        return { baseline: null, note: `First report: the ${where} holds no JSON report.` }
      }
      try {
        const baseline = parseBaseline(entry.getData().toString('utf8'))
        return { baseline, note: `Compared with the ${where}, generated ${baseline.generatedAt}.` }
      } catch (error) {
        warn(
          `The ${where} is not a readable report (${errorMessage(error)}); treating this as a first report.`
        )
        return { baseline: null, note: `First report: the ${where} was unreadable.` }
      }
    }
    return {
      baseline: null,
      note: `First report: no artifact '${artifactName}' from an earlier successful run of this workflow (artifacts expire, by default after 90 days; set s3-bucket to keep the baseline for good).`
    }
  } catch (error) {
    const status = httpStatus(error)
    return {
      baseline: null,
      note: 'The baseline artifact could not be read.',
      failure: `reading the baseline artifact (HTTP ${status ?? '?'}: ${errorMessage(error)}): grant the job \`permissions: actions: read\`, or set s3-bucket`
    }
  }
}
