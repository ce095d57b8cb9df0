import * as core from '@actions/core'
import { checkDefaultCredentials, createAwsClients } from './aws/clients.js'
import { assumeRoleWithOidc } from './aws/sts.js'
import type { BaselineResult } from './steps/baseline.js'
import type { BucketOptions } from './aws/s3.js'
import type { S3Client } from '@aws-sdk/client-s3'
import type { RepoRef } from './github/issues.js'
import { collectReport } from './steps/collect.js'
import type { DeliveryResult } from './steps/deliver.js'
import { DestinationError, errorMessage, isExpected } from './errors.js'
import type { Octokit } from './github/octokit.js'
import { getInputs, type Inputs } from './inputs.js'
import { writeLocalFiles, type LocalFiles } from './steps/local-files.js'
import { diffReports } from './report/diff.js'
import { latestJsonKey } from './report/s3-keys.js'
import { renderSummary, type SummaryStats } from './report/markdown/summary.js'
import type { Report, ReportDiff } from './report/types.js'
import { shouldSkipRun } from './schedule.js'

// Modules needed only after collection (Organizations, S3, artifact, GitHub) are imported where
// they are used: compiling the whole bundle up front held the first request back by 200-300 ms.
const step = <T>(name: string, fn: () => Promise<T>): Promise<T> => core.group(name, fn)

export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    if (
      shouldSkipRun(
        inputs.scheduleDay,
        inputs.timezone,
        process.env.GITHUB_EVENT_NAME ?? '',
        new Date()
      )
    ) {
      core.info(
        `Skipped: this scheduled run is not on the first ${inputs.scheduleDay} of the month in ${inputs.timezone}.`
      )
      core.setOutput('skipped', 'true')
      return
    }
    core.setOutput('skipped', 'false')
    await produceReport(inputs)
  } catch (error) {
    if (!isExpected(error) && error instanceof Error && error.stack) core.debug(error.stack)
    core.setFailed(errorMessage(error))
  }
}

async function produceReport(inputs: Inputs): Promise<void> {
  const credentials = inputs.roleToAssume
    ? await step(`Assume ${inputs.roleToAssume} with the workflow's OIDC token`, () =>
        assumeRoleWithOidc(
          {
            region: inputs.awsRegion,
            roleArn: inputs.roleToAssume,
            sessionName: inputs.roleSessionName,
            durationSeconds: inputs.roleDurationSeconds,
            audience: inputs.audience
          },
          { getIdToken: aud => core.getIDToken(aud), setSecret: core.setSecret, log: core.info }
        )
      )
    : undefined
  const aws = createAwsClients({ region: inputs.awsRegion, s3Region: inputs.s3Region, credentials })
  if (!credentials) await checkDefaultCredentials(aws.config)
  const { report, stats } = await collectReport(inputs, aws, credentials, step)

  const bucket: BucketOptions = {
    bucket: inputs.s3Bucket,
    expectedOwner: inputs.expectedBucketOwner,
    kmsKeyId: inputs.sseKmsKeyId
  }
  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  const { createOctokit } = await import('./github/octokit.js')
  const octokit = inputs.githubToken ? createOctokit(inputs.githubToken, core.info) : undefined
  const { files, diff, baseline } = await writeAndCompare(report, () =>
    step('Read the baseline (last report)', async () => {
      const b = await readBaseline(inputs, aws.s3, bucket, octokit, { owner, repo })
      core.info(b.note)
      return b
    })
  )

  const runUrl = `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_REPOSITORY ?? ''}/actions/runs/${process.env.GITHUB_RUN_ID ?? ''}`
  const { deliver } = await import('./steps/deliver.js')
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const result = await deliver(
    {
      report,
      diff,
      files,
      s3: inputs.s3Bucket ? { client: await aws.s3(), bucket, prefix: inputs.s3Prefix } : undefined,
      artifact: inputs.artifactName
        ? {
            client: new DefaultArtifactClient(),
            name: inputs.artifactName,
            retentionDays: inputs.artifactRetentionDays
          }
        : undefined,
      issue: inputs.createIssue
        ? {
            octokit: createOctokit(inputs.githubToken, core.info),
            repo: { owner, repo },
            labels: inputs.issueLabels,
            assignees: inputs.issueAssignees
          }
        : undefined,
      runUrl,
      baselineFailure: baseline.failure,
      summary: (sofar, nextLatest) =>
        writeSummary(report, diff, files, sofar, nextLatest, inputs, stats, baseline)
    },
    step,
    core.info
  )
  setOutputs(report, diff, result)
  if (result.failures.length > 0) throw new DestinationError(result.failures)
}

interface BaselineSummary {
  readonly note: string
  readonly failure?: string
  /** The baseline is the one earlier point the action knows of: enough for a line since then. */
  readonly history: readonly { readonly generatedAt: string; readonly users: number }[]
}

/** Writes the files, then reads the baseline, then the diff. Uploads read the files. */
async function writeAndCompare(
  report: Report,
  readBaselineOf: () => Promise<BaselineResult>
): Promise<{ files: LocalFiles; diff: ReportDiff; baseline: BaselineSummary }> {
  const files = await step('Write the report files', async () => {
    const written = await writeLocalFiles(report, process.env.RUNNER_TEMP)
    core.info(`${report.users.length} users → ${written.csv} and ${written.json}`)
    return written
  })
  const result = await readBaselineOf()
  core.setOutput('report-file', files.csv)
  core.setOutput('report-json-file', files.json)
  const previous = result.baseline
  return {
    files,
    diff: diffReports(previous, report),
    baseline: {
      note: result.note,
      failure: result.failure,
      history: previous ? [{ generatedAt: previous.generatedAt, users: previous.users.length }] : []
    }
  }
}

async function readBaseline(
  inputs: Inputs,
  s3: () => Promise<S3Client>,
  bucket: BucketOptions,
  octokit: Octokit | undefined,
  repo: RepoRef
): Promise<BaselineResult> {
  if (inputs.s3Bucket) {
    const { readS3Baseline } = await import('./steps/baseline.js')
    const key = latestJsonKey(inputs.s3Prefix)
    return readS3Baseline(await s3(), bucket, key, core.warning)
  }
  const runId = Number(process.env.GITHUB_RUN_ID)
  if (!inputs.artifactName || !octokit || !runId || !repo.repo) {
    return {
      baseline: null,
      note: 'First report: no s3-bucket and no earlier artifact to compare with.'
    }
  }
  const { readArtifactBaseline } = await import('./github/artifact-baseline.js')
  return readArtifactBaseline(octokit, repo, runId, inputs.artifactName, core.warning)
}

async function writeSummary(
  report: Report,
  diff: ReportDiff,
  files: { csv: string; json: string },
  result: DeliveryResult,
  nextLatest: string | undefined,
  inputs: Inputs,
  stats: SummaryStats,
  baseline: BaselineSummary
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('No GITHUB_STEP_SUMMARY on this runner: job summary skipped.')
    return
  }
  const markdown = renderSummary({
    report,
    diff,
    destinations: {
      localCsv: files.csv,
      localJson: files.json,
      s3Uri: result.s3Uri,
      s3LatestUri: nextLatest,
      artifactName: result.artifactId !== undefined ? inputs.artifactName : undefined,
      artifactId: result.artifactId !== undefined ? String(result.artifactId) : undefined,
      issueUrl: result.issue?.url,
      failures: result.failures
    },
    stats,
    baselineNote: baseline.note,
    history: baseline.history
  })
  await core.summary.addRaw(markdown, true).write()
}

function setOutputs(report: Report, diff: ReportDiff, result: DeliveryResult): void {
  const accounts = new Set(report.users.map(u => u.account_id))
  const outputs: Record<string, string | number> = {
    'user-count': report.users.length,
    'account-count': accounts.size,
    'admin-count': report.users.filter(u => u.is_admin).length,
    'new-user-count': diff.added.length,
    'removed-user-count': diff.removed.length,
    'changed-user-count': diff.changed.length,
    's3-uri': result.s3Uri ?? '',
    'artifact-id': result.artifactId ?? '',
    'issue-number': result.issue?.number ?? '',
    'issue-url': result.issue?.url ?? '',
    'stale-user-count': report.credentialReports
      ? report.users.filter(u => u.enrichment?.stale).length
      : '',
    'console-without-mfa-count': report.credentialReports
      ? report.users.filter(u => u.enrichment?.console_without_mfa).length
      : ''
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value))
}
