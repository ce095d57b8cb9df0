import type { S3Client } from '@aws-sdk/client-s3'
import { getObjectBytes, s3Uri, type BucketOptions } from './aws/s3.js'
import { errorMessage } from './errors.js'
import { parseBaseline, type CurrentRecords } from './report/json.js'
import type { Report } from './report/types.js'

export interface BaselineResult {
  readonly baseline: Report | null
  /** Shown in the summary: where the baseline came from, or why there is none. */
  readonly note: string
  /** Set when the baseline could not be read: the step fails, and no issue or latest.* move follows. */
  readonly failure?: string
}

/**
 * A missing baseline is a first report; an unreadable one is a warning and a first report; a
 * failure to reach it must fail the step, or every change since the last report would go unsaid.
 */
export async function readS3Baseline(
  client: Pick<S3Client, 'send'>,
  bucket: BucketOptions,
  key: string,
  warn: (message: string) => void,
  current?: CurrentRecords
): Promise<BaselineResult> {
  const where = s3Uri(bucket.bucket, key)
  let data: Uint8Array | undefined
  try {
    data = await getObjectBytes(client, bucket, key)
  } catch (error) {
    return {
      baseline: null,
      note: `The baseline ${where} could not be read.`,
      failure: `reading the baseline ${errorMessage(error)} (allow s3:GetObject on it and s3:ListBucket on the bucket)`
    }
  }
  if (data === undefined)
    return { baseline: null, note: `First report: no baseline at ${where} yet.` }
  try {
    const baseline = parseBaseline(data, current)
    return { baseline, note: `Compared with ${where}, generated ${baseline.generatedAt}.` }
  } catch (error) {
    warn(
      `The baseline ${where} is not a readable report (${errorMessage(error)}); treating this as a first report.`
    )
    return { baseline: null, note: `First report: the baseline at ${where} was unreadable.` }
  }
}
