import * as core from '@actions/core'
import { info } from '../log.js'
import { DefaultArtifactClient, type ArtifactClient } from '@actions/artifact'
import type { S3Client } from '@aws-sdk/client-s3'
import { readFile } from 'node:fs/promises'
import type { AwsClients } from '../aws/clients.js'
import { putObject, s3Uri, type BucketOptions } from '../aws/s3.js'
import { errorMessage } from '../errors.js'
import { uploadReportArtifact } from '../github/artifact.js'
import { upsertIssue, type IssueRef, type RepoRef } from '../github/issues.js'
import type { Octokit } from '../github/octokit.js'
import { bucketOf, type Inputs } from '../inputs.js'
import { isEmptyDiff } from '../report/diff.js'
import { issueMarker, renderIssue } from '../report/markdown/issue.js'
import { renderSummary, type SummaryStats } from '../report/markdown/summary.js'
import { reportKeys } from '../report/s3-keys.js'
import type { Coverage } from '../report/coverage.js'
import type { Report, ReportDiff } from '../report/types.js'
import type { RunnerEnv } from '../runner.js'
import type { BaselineResult } from './baseline.js'
import { lostDataFailure } from './coverage.js'
import type { LocalFiles } from './local-files.js'

/** Where the report goes; a destination that is not configured is absent. */
export interface Destinations {
  readonly s3?: {
    readonly client: Pick<S3Client, 'send'>
    readonly bucket: BucketOptions
    readonly prefix: string
  }
  readonly artifact?: {
    readonly client: Pick<ArtifactClient, 'uploadArtifact'>
    readonly name: string
    readonly retentionDays: number | undefined
  }
  readonly issue?: {
    readonly octokit: Octokit
    readonly repo: RepoRef
    readonly labels: readonly string[]
    readonly assignees: readonly string[]
  }
  /** Writes the job summary's markdown; absent where the runner offers no summary. */
  readonly summary?: (markdown: string) => Promise<void>
  readonly runUrl: string
}

/** What this run produced, as the destinations need it. */
export interface Produced {
  readonly report: Report
  readonly diff: ReportDiff
  /** The report as written locally; uploads read it from there. */
  readonly files: LocalFiles
  readonly baseline: BaselineResult
  readonly stats: SummaryStats
  readonly coverage: Coverage
}

export interface Delivered {
  s3Uri?: string
  s3LatestUri?: string
  artifactId?: number
  artifactUrl?: string
  issue?: IssueRef
  failures: string[]
}

export function planDelivery(
  inputs: Inputs,
  aws: AwsClients,
  github: Octokit | undefined,
  runner: RunnerEnv
): Destinations {
  return {
    s3: inputs.s3Bucket
      ? { client: aws.s3, bucket: bucketOf(inputs), prefix: inputs.s3Prefix }
      : undefined,
    artifact: inputs.artifactName
      ? {
          client: new DefaultArtifactClient(),
          name: inputs.artifactName,
          retentionDays: inputs.artifactRetentionDays
        }
      : undefined,
    issue:
      inputs.createIssue && github
        ? {
            octokit: github,
            repo: runner.repo,
            labels: inputs.issueLabels,
            assignees: inputs.issueAssignees
          }
        : undefined,
    summary: runner.hasStepSummary
      ? async markdown => void (await core.summary.addRaw(markdown, true).write())
      : undefined,
    runUrl: runner.runUrl
  }
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json' } as const

export interface DeliveryIo {
  readonly step: <T>(name: string, fn: () => Promise<T>) => Promise<T>
  readonly log: (message: string) => void
  readonly warn: (message: string) => void
}

const RUNNER_IO: DeliveryIo = {
  step: (name, fn) => core.group(name, fn),
  log: info,
  warn: core.warning
}

/**
 * Every destination is attempted even when an earlier one failed: S3, the artifact, the issue,
 * then the job summary, which links them. latest.* moves only when all of them succeeded, so a
 * re-run diffs against the same baseline and no change goes unreported.
 */
export async function deliver(
  to: Destinations,
  run: Produced,
  io: DeliveryIo = RUNNER_IO
): Promise<Delivered> {
  // Failures known before any destination: latest.* must not move past them.
  const known = [run.baseline.failure, lostDataFailure(run.coverage)]
  const result: Delivered = { failures: known.filter(f => f !== undefined) }
  const attempt = (group: string, what: string, fn: () => Promise<void>): Promise<void> =>
    io.step(group, async () => {
      try {
        await fn()
      } catch (error) {
        result.failures.push(`${what}: ${errorMessage(error)}`)
      }
    })
  const keys = reportKeys(to.s3?.prefix ?? '', new Date(run.report.generatedAt))
  // Read from the local files at each upload, rather than held through the other destinations.
  const upload = async (key: string, file: 'csv' | 'json', writeOnce = false): Promise<void> => {
    const s3 = to.s3!
    const body = await readFile(run.files[file])
    await putObject(s3.client, s3.bucket, key, body, CONTENT_TYPES[file], { writeOnce })
  }
  const uri = (key: string): string => s3Uri(to.s3!.bucket.bucket, key)

  if (to.s3) {
    await attempt('Upload the report to S3', 'S3 upload', async () => {
      // Written once: a run in the same second must not replace an earlier run's report.
      await upload(keys.csv, 'csv', true)
      await upload(keys.json, 'json', true)
      result.s3Uri = uri(keys.csv)
      io.log(`Wrote ${result.s3Uri} and ${uri(keys.json)}`)
    })
  }

  const artifact = to.artifact
  if (artifact) {
    await attempt('Upload the workflow artifact', `artifact '${artifact.name}'`, async () => {
      const { client, name, retentionDays } = artifact
      const files = [run.files.csv, run.files.json]
      result.artifactId = await uploadReportArtifact(
        client,
        name,
        files,
        run.files.dir,
        retentionDays
      )
      result.artifactUrl = `${to.runUrl}/artifacts/${result.artifactId}`
      io.log(`Uploaded artifact '${name}' (id ${result.artifactId})`)
    })
  }

  const baselineAt = run.diff.baselineGeneratedAt
  const issue = to.issue
  const somethingToSay = !isEmptyDiff(run.diff) || run.coverage.lost.length > 0
  if (issue && baselineAt !== null && !run.baseline.failure && somethingToSay) {
    await attempt('Open or update the issue', 'issue', async () => {
      const marker = issueMarker(baselineAt)
      const { title, body } = renderIssue({
        diff: run.diff,
        report: run.report,
        marker,
        coverage: run.coverage,
        links: {
          runUrl: to.runUrl,
          s3Uri: result.s3Uri,
          artifactName: result.artifactId !== undefined ? artifact?.name : undefined,
          artifactUrl: result.artifactUrl
        }
      })
      const { labels, assignees } = issue
      result.issue = await upsertIssue(
        issue.octokit,
        issue.repo,
        { title, body, labels, assignees, marker },
        io.warn
      )
      io.log(
        `${result.issue.updated ? 'Updated' : 'Opened'} issue #${result.issue.number}: ${result.issue.url}`
      )
    })
  }

  const summary = to.summary
  if (summary) {
    // latest.json moves after the summary is written, when nothing failed: the summary names it.
    const nextLatest = to.s3 && result.failures.length === 0 ? uri(keys.latestJson) : undefined
    await attempt('Write the job summary', 'job summary', () =>
      summary(summaryOf(run, result, artifact?.name, nextLatest))
    )
  }

  if (to.s3 && result.failures.length > 0) {
    io.log(
      `latest.* not moved: ${result.failures.length} earlier step(s) failed, so the next run compares with the same baseline`
    )
  } else if (to.s3) {
    await attempt('Move latest.csv and latest.json', 'S3 latest', async () => {
      // The JSON is the baseline: written last, so a failure in between leaves the old one.
      await upload(keys.latestCsv, 'csv')
      await upload(keys.latestJson, 'json')
      result.s3LatestUri = uri(keys.latestJson)
      io.log(`Moved ${result.s3LatestUri} and ${uri(keys.latestCsv)}`)
    })
  }
  return result
}

function summaryOf(
  run: Produced,
  result: Delivered,
  artifactName: string | undefined,
  nextLatest: string | undefined
): string {
  const previous = run.baseline.baseline
  return renderSummary({
    report: run.report,
    diff: run.diff,
    destinations: {
      localCsv: run.files.csv,
      localJson: run.files.json,
      s3Uri: result.s3Uri,
      s3LatestUri: nextLatest,
      artifactName: result.artifactId !== undefined ? artifactName : undefined,
      artifactId: result.artifactId !== undefined ? String(result.artifactId) : undefined,
      artifactUrl: result.artifactUrl,
      issueUrl: result.issue?.url,
      failures: result.failures
    },
    stats: run.stats,
    coverage: run.coverage,
    baselineNote: run.baseline.note,
    history: previous ? [{ generatedAt: previous.generatedAt, users: previous.users.length }] : []
  })
}
