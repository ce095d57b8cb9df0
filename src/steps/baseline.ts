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
