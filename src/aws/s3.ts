import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { errorCode, errorMessage, httpStatus } from '../errors.js'

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
  contentType: string
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
        ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
      })
    )
  } catch (error) {
    throw new Error(describeS3Error(error, opts, key, 's3:PutObject'), { cause: error })
  }
}

/** The object's bytes, or undefined when the object does not exist. Any other failure throws. */
export async function getObjectBytes(
  client: Pick<S3Client, 'send'>,
  opts: BucketOptions,
  key: string
): Promise<Uint8Array | undefined> {
  try {
    const result = await client.send(
      new GetObjectCommand({
        Bucket: opts.bucket,
        Key: key,
        ...(opts.expectedOwner ? { ExpectedBucketOwner: opts.expectedOwner } : {})
      })
    )
    return (await result.Body?.transformToByteArray()) ?? new Uint8Array()
  } catch (error) {
    if (errorCode(error) === 'NoSuchKey') return undefined
    throw new Error(describeS3Error(error, opts, key, 's3:GetObject'), { cause: error })
  }
}

function describeS3Error(error: unknown, opts: BucketOptions, key: string, action: string): string {
  const code = errorCode(error)
  const where = s3Uri(opts.bucket, key)
  if (code === 'NoSuchBucket') {
    return `${where}: bucket '${opts.bucket}' does not exist — check s3-bucket and s3-region`
  }
  if (code === 'AccessDenied' || httpStatus(error) === 403) {
    return `${where}: access denied — allow ${action} on arn:aws:s3:::${opts.bucket}/<s3-prefix>* for the role${opts.expectedOwner ? `, and check that the bucket belongs to ${opts.expectedOwner} (expected-bucket-owner)` : ''}${opts.kmsKeyId ? ', and kms:GenerateDataKey/kms:Decrypt on the key' : ''}`
  }
  return `${where}: ${code ? code + ': ' : ''}${errorMessage(error)}`
}
