import * as core from '@actions/core'
import { info } from '../log.js'
import type { AwsClients } from '../aws/clients.js'
import { findArtifactReport, type ThisRun } from '../github/artifact-baseline.js'
import type { Octokit } from '../github/octokit.js'
import { bucketOf, type Inputs } from '../inputs.js'
import { latestJsonKey } from '../report/s3-keys.js'
import type { RunnerEnv } from '../runner.js'
import type { S3Client } from '@aws-sdk/client-s3'
import { getObjectStream, s3Uri, type BucketOptions } from '../aws/s3.js'
import { errorMessage } from '../errors.js'
import { UnreadableBaseline, parseBaseline } from '../report/baseline.js'
import type { Report } from '../report/types.js'

export interface BaselineResult {
  readonly baseline: Report | null
  /** Shown in the summary: where the baseline came from, or why there is none. */
  readonly note: string
  /** Set when the baseline could not be read: the step fails, and no issue or latest.* move follows. */
  readonly failure?: string
}

/**
 * A missing baseline is a first report; an unreadable one is a warning and a first report; a
 * failure to reach it, or to read it to the end, must fail the step, or every change since the
 * last report would go unsaid.
 */
export async function readS3Baseline(
  client: Pick<S3Client, 'send'>,
  bucket: BucketOptions,
  key: string,
  warn: (message: string) => void
): Promise<BaselineResult> {
  const where = s3Uri(bucket.bucket, key)
  const failed = (failure: string): BaselineResult => ({
    baseline: null,
    note: `The baseline ${where} could not be read.`,
    failure: `reading the baseline ${failure}`
  })
  let body: AsyncIterable<Uint8Array> | undefined
  try {
    body = await getObjectStream(client, bucket, key)
  } catch (error) {
    return failed(
      `${errorMessage(error)} (allow s3:GetObject on it and s3:ListBucket on the bucket)`
    )
  }
  if (body === undefined)
    return { baseline: null, note: `First report: no baseline at ${where} yet.` }
  let text: string
  try {
    text = await readToEnd(body)
  } catch (error) {
    return failed(`${where}: the connection failed while it was read (${errorMessage(error)})`)
  }
  try {
    const baseline = parseBaseline(text)
    return { baseline, note: `Compared with ${where}, generated ${baseline.generatedAt}.` }
  } catch (error) {
    if (!(error instanceof UnreadableBaseline)) throw error
    warn(
      `The baseline ${where} is not a readable report (${errorMessage(error)}); treating this as a first report.`
    )
    return { baseline: null, note: `First report: the baseline at ${where} was unreadable.` }
  }
}

/** The whole body as UTF-8 text, decoded once all of it is in: a chunk may end inside a character. */
async function readToEnd(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = []
  for await (const chunk of body) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Without a bucket, the JSON in the newest artifact of an earlier successful run of this
 * workflow on the same branch; none is a first report, said in the summary.
 */
export async function readArtifactBaseline(
  github: Octokit,
  run: ThisRun,
  artifactName: string,
  warn: (message: string) => void
): Promise<BaselineResult> {
  let found
  try {
    found = await findArtifactReport(github, run, artifactName)
  } catch (error) {
    const note = 'The baseline artifact could not be read.'
    return { baseline: null, note, failure: errorMessage(error) }
  }
  if (!found)
    return {
      baseline: null,
      note: `First report: no artifact '${artifactName}' from an earlier successful run of this workflow on branch '${run.branch}' (artifacts expire, by default after 90 days; set s3-bucket to keep the baseline for good).`
    }
  const where = `artifact '${artifactName}' of run ${found.runId}`
  if (found.json === undefined) {
    warn(`The ${where} holds no JSON report; treating this as a first report.`)
    return { baseline: null, note: `First report: the ${where} holds no JSON report.` }
  }
  try {
    const baseline = parseBaseline(found.json)
    return { baseline, note: `Compared with the ${where}, generated ${baseline.generatedAt}.` }
  } catch (error) {
    warn(
      `The ${where} is not a readable report (${errorMessage(error)}); treating this as a first report.`
    )
    return { baseline: null, note: `First report: the ${where} was unreadable.` }
  }
}

/**
 * The last report: latest.json in S3 when a bucket is set, otherwise the JSON in the newest
 * artifact of an earlier successful run of this workflow on this branch. The note says which,
 * for the summary.
 */
export async function readBaseline(
  inputs: Inputs,
  aws: AwsClients,
  github: Octokit | undefined,
  runner: RunnerEnv
): Promise<BaselineResult> {
  const result = await readFromWhereItIs(inputs, aws, github, runner)
  info(result.note)
  return result
}

function readFromWhereItIs(
  inputs: Inputs,
  aws: AwsClients,
  github: Octokit | undefined,
  runner: RunnerEnv
): Promise<BaselineResult> {
  if (inputs.s3Bucket) {
    return readS3Baseline(aws.s3, bucketOf(inputs), latestJsonKey(inputs.s3Prefix), core.warning)
  }
  const { repo, runId, refName: branch } = runner
  if (!inputs.artifactName || !github || runId === undefined || !repo.repo || !branch) {
    const note = 'First report: no s3-bucket and no earlier artifact to compare with.'
    return Promise.resolve({ baseline: null, note })
  }
  return readArtifactBaseline(github, { repo, runId, branch }, inputs.artifactName, core.warning)
}
