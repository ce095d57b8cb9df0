import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { describeError, hasCode, httpStatus, isForbidden, isNotFound } from '../errors.js'

export interface BucketOptions {
  readonly bucket: string
  /** Passed as ExpectedBucketOwner on every call when set. */
  readonly expectedOwner: string
  /** SSE-KMS with this key when set, otherwise SSE-S3. */
  readonly kmsKeyId: string
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`
}

export async function putObject(
  client: Pick<S3Client, 'send'>,
  opts: BucketOptions,
  key: string,
  body: string | Uint8Array,
  contentType: string,
  /** `writeOnce`: S3 refuses (412) to replace an object that exists. */
  { writeOnce = false }: { writeOnce?: boolean } = {}
): Promise<void> {
  const encryption = opts.kmsKeyId
    ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: opts.kmsKeyId }
    : { ServerSideEncryption: 'AES256' as const }
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: opts.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...encryption,
        ...(writeOnce ? { IfNoneMatch: '*' } : {}),
        ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
      })
    )
  } catch (error) {
    throw new Error(describeS3Error(error, opts, key, 's3:PutObject'), { cause: error })
  }
}

/**
 * The object's body as a stream of bytes, or undefined when the object does not exist. Any other
 * failure to get it throws; a failure while the body is read throws from the stream.
 */
export async function getObjectStream(
  client: Pick<S3Client, 'send'>,
  opts: BucketOptions,
  key: string
): Promise<AsyncIterable<Uint8Array> | undefined> {
  try {
    const result = await client.send(
      new GetObjectCommand({
        Bucket: opts.bucket,
        Key: key,
        ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
      })
    )
    // In Node the body is a Readable, which yields Buffers.
    return (result.Body as AsyncIterable<Uint8Array> | undefined) ?? EMPTY_BODY
  } catch (error) {
    // Only a missing object is a first report; a missing bucket is a setting to fix.
    if (hasCode(error, 'NoSuchKey')) return undefined
    throw new Error(describeS3Error(error, opts, key, 's3:GetObject'), { cause: error })
  }
}

const EMPTY_BODY: AsyncIterable<Uint8Array> = {
  async *[Symbol.asyncIterator]() {}
}

function describeS3Error(error: unknown, opts: BucketOptions, key: string, action: string): string {
  const where = s3Uri(opts.bucket, key)
  // A missing object never gets here (getObjectStream answers undefined), so this is the bucket.
  if (isNotFound(error)) {
    return `${where}: bucket '${opts.bucket}' does not exist — check s3-bucket and s3-region`
  }
  // Only dated reports are written once, so the object that exists is a report of the same second.
  if (hasCode(error, 'PreconditionFailed') || httpStatus(error) === 412) {
    return `${where}: a report for this second already exists and is never overwritten — run again`
  }
  if (isForbidden(error)) {
    return `${where}: access denied — allow ${action} on arn:aws:s3:::${opts.bucket}/<s3-prefix>* for the role${opts.expectedOwner ? `, and check that the bucket belongs to ${opts.expectedOwner} (expected-bucket-owner)` : ''}${opts.kmsKeyId ? ', and kms:GenerateDataKey/kms:Decrypt on the key' : ''}`
  }
  return `${where}: ${describeError(error)}`
}
