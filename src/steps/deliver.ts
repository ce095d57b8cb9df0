import { readFile } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import type { ArtifactClient } from '@actions/artifact'
import { putObject, s3Uri, type BucketOptions } from '../aws/s3.js'
import { errorMessage } from '../errors.js'
import { uploadReportArtifact } from '../github/artifact.js'
import { upsertIssue, type IssueRef, type RepoRef } from '../github/issues.js'
import type { Octokit } from '../github/octokit.js'
import type { LocalFiles } from './local-files.js'
import { isEmptyDiff } from '../report/diff.js'
import { issueMarker, renderIssue } from '../report/markdown/issue.js'
import { reportKeys } from '../report/s3-keys.js'
import type { Report, ReportDiff } from '../report/types.js'

export interface DeliveryPlan {
  readonly report: Report
  readonly diff: ReportDiff
  /** The report as written locally; uploads read it from there. */
  readonly files: LocalFiles
  readonly s3?: S3Plan
  readonly artifact?: {
    client: Pick<ArtifactClient, 'uploadArtifact'>
    name: string
    retentionDays: number | undefined
  }
  readonly issue?: {
    octokit: Octokit
    repo: RepoRef
    labels: readonly string[]
    assignees: readonly string[]
  }
  readonly runUrl: string
  /** Set when the baseline could not be read: no issue, latest.* stays. */
  readonly baselineFailure?: string
  /**
   * Writes the job summary from what happened so far; `nextLatest` is the latest.json that moves
   * after it, when nothing failed. A failure is a destination's failure: latest.* stays.
   */
  readonly summary?: (result: DeliveryResult, nextLatest: string | undefined) => Promise<void>
}

interface S3Plan {
  readonly client: Pick<S3Client, 'send'>
  readonly bucket: BucketOptions
  readonly prefix: string
}

export interface DeliveryResult {
  s3Uri?: string
  s3LatestUri?: string
  artifactId?: number
  issue?: IssueRef
  failures: string[]
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json' } as const

export type Step = <T>(name: string, fn: () => Promise<T>) => Promise<T>

/**
 * Every destination is attempted even when an earlier one failed: S3, the artifact, the issue,
 * then the job summary, which links them. latest.* moves only when all of them succeeded, so a
 * re-run diffs against the same baseline and no change goes unreported.
 */
export async function deliver(
  plan: DeliveryPlan,
  step: Step,
  log: (m: string) => void
): Promise<DeliveryResult> {
  const result: DeliveryResult = { failures: plan.baselineFailure ? [plan.baselineFailure] : [] }
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn()
    } catch (error) {
      result.failures.push(`${what}: ${errorMessage(error)}`)
    }
  }
  const s3 = plan.s3
  const keys = reportKeys(s3?.prefix ?? '', new Date(plan.report.generatedAt))

  // Read from the local files at each upload, rather than held through the other destinations.
  const upload = async (
    s3: S3Plan,
    key: string,
    file: 'csv' | 'json',
    options?: { writeOnce: boolean }
  ): Promise<void> => {
    const body = await readFile(plan.files[file])
    await putObject(s3.client, s3.bucket, key, body, CONTENT_TYPES[file], options)
  }

  if (s3) {
    const { bucket } = s3
    await step('Upload the report to S3', () =>
      attempt('S3 upload', async () => {
        // Written once: a run in the same second must not replace an earlier run's report.
        await upload(s3, keys.csv, 'csv', { writeOnce: true })
        await upload(s3, keys.json, 'json', { writeOnce: true })
        result.s3Uri = s3Uri(bucket.bucket, keys.csv)
        log(`Wrote ${result.s3Uri} and ${s3Uri(bucket.bucket, keys.json)}`)
      })
    )
  }

  if (plan.artifact) {
    const { client, name, retentionDays } = plan.artifact
    await step('Upload the workflow artifact', () =>
      attempt(`artifact '${name}'`, async () => {
        result.artifactId = await uploadReportArtifact(
          client,
          name,
          [plan.files.csv, plan.files.json],
          plan.files.dir,
          retentionDays
        )
        log(`Uploaded artifact '${name}' (id ${result.artifactId})`)
      })
    )
  }

  const baselineAt = plan.diff.baselineGeneratedAt
  if (plan.issue && baselineAt !== null && !plan.baselineFailure && !isEmptyDiff(plan.diff)) {
    const { octokit, repo, labels, assignees } = plan.issue
    await step('Open or update the issue', () =>
      attempt('issue', async () => {
        const marker = issueMarker(baselineAt)
        const { title, body } = renderIssue({
          diff: plan.diff,
          report: plan.report,
          marker,
          links: {
            runUrl: plan.runUrl,
            s3Uri: result.s3Uri,
            artifactName: result.artifactId !== undefined ? plan.artifact?.name : undefined,
            artifactUrl:
              result.artifactId !== undefined
                ? `${plan.runUrl}/artifacts/${result.artifactId}`
                : undefined
          }
        })
        result.issue = await upsertIssue(octokit, repo, { title, body, labels, assignees, marker })
        log(
          `${result.issue.updated ? 'Updated' : 'Opened'} issue #${result.issue.number}: ${result.issue.url}`
        )
      })
    )
  }

  if (plan.summary) {
    const writeSummary = plan.summary
    const nextLatest =
      s3 && result.failures.length === 0 ? s3Uri(s3.bucket.bucket, keys.latestJson) : undefined
    await step('Write the job summary', () =>
      attempt('job summary', () => writeSummary(result, nextLatest))
    )
  }

  if (s3) {
    const { bucket } = s3
    if (result.failures.length > 0) {
      log(
        `latest.* not moved: ${result.failures.length} earlier step(s) failed, so the next run compares with the same baseline`
      )
    } else {
      await step('Move latest.csv and latest.json', () =>
        attempt('S3 latest', async () => {
          // The JSON is the baseline: written last, so a failure in between leaves the old one.
          await upload(s3, keys.latestCsv, 'csv')
          await upload(s3, keys.latestJson, 'json')
          result.s3LatestUri = s3Uri(bucket.bucket, keys.latestJson)
          log(`Moved ${result.s3LatestUri} and ${s3Uri(bucket.bucket, keys.latestCsv)}`)
        })
      )
    }
  }
  return result
}
