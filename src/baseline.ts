import type { S3Client } from '@aws-sdk/client-s3'
import { getObjectStream, s3Uri, type BucketOptions } from './aws/s3.js'
import { errorMessage } from './errors.js'
import { readBaselineStream, type CurrentRecords } from './report/baseline-report.js'
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
 * failure to reach it, or to read it to the end, must fail the step, or every change since the
 * last report would go unsaid. The object is read as a stream, never held whole.
 */
export async function readS3Baseline(
  client: Pick<S3Client, 'send'>,
  bucket: BucketOptions,
  key: string,
  warn: (message: string) => void,
  current?: CurrentRecords
): Promise<BaselineResult> {
  const where = s3Uri(bucket.bucket, key)
  const failed = (failure: string): BaselineResult => ({
    baseline: null,
    note: `The baseline ${where} could not be read.`,
    failure: `reading the baseline ${failure}`
  })
  const denied = (error: unknown): BaselineResult =>
    failed(`${errorMessage(error)} (allow s3:GetObject on it and s3:ListBucket on the bucket)`)
  let body: AsyncIterable<Uint8Array> | undefined
  try {
    body = await getObjectStream(client, bucket, key)
  } catch (error) {
    return denied(error)
  }
  if (body === undefined)
    return { baseline: null, note: `First report: no baseline at ${where} yet.` }
  // A report in another layout is read a second time, whole.
  let first: AsyncIterable<Uint8Array> | undefined = body
  const open = (): AsyncIterable<Uint8Array> => {
    const stream = first
    first = undefined
    return readFailures(async () => stream ?? (await getObjectStream(client, bucket, key)))
  }
  try {
    const baseline = await readBaselineStream(open, current)
    return { baseline, note: `Compared with ${where}, generated ${baseline.generatedAt}.` }
  } catch (error) {
    if (error instanceof ReadFailure)
      return error.whileReading
        ? failed(`${where}: the connection failed while it was read (${error.message})`)
        : denied(error.cause)
    warn(
      `The baseline ${where} is not a readable report (${errorMessage(error)}); treating this as a first report.`
    )
    return { baseline: null, note: `First report: the baseline at ${where} was unreadable.` }
  }
}

/** An error of S3 or of the connection, as opposed to a report that cannot be read. */
class ReadFailure extends Error {
  constructor(
    readonly whileReading: boolean,
    cause: unknown
  ) {
    super(errorMessage(cause), { cause })
  }
}

async function* readFailures(
  get: () => Promise<AsyncIterable<Uint8Array> | undefined>
): AsyncGenerator<Uint8Array, void> {
  let chunks: AsyncIterator<Uint8Array>
  try {
    const stream = await get()
    if (stream === undefined) throw new Error(`NoSuchKey: the object went away while it was read`)
    chunks = stream[Symbol.asyncIterator]()
  } catch (error) {
    throw new ReadFailure(false, error)
  }
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>
      try {
        next = await chunks.next()
      } catch (error) {
        throw new ReadFailure(true, error)
      }
      if (next.done === true) return
      yield next.value
    }
  } finally {
    // Stopped early (the layout did not fit): close the connection.
    await chunks.return?.()
  }
}
