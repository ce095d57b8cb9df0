import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { sdkStreamMixin } from '@smithy/util-stream'
import { mockClient } from 'aws-sdk-client-mock'
import { Readable } from 'node:stream'
import { readS3Baseline } from '../src/baseline.js'
import { toJson } from '../src/report/json.js'
import { report, userRecord } from './fixtures/report-records.js'

const s3 = mockClient(S3Client)
beforeEach(() => s3.reset())
const bucket = { bucket: 'b', expectedOwner: '', kmsKeyId: '' }
const body = (text: string) => ({ Body: sdkStreamMixin(Readable.from([Buffer.from(text)])) })
const s3Error = (name: string, status: number) =>
  new S3ServiceException({
    name,
    message: name,
    $fault: 'client',
    $metadata: { httpStatusCode: status }
  })

describe('readS3Baseline', () => {
  it('reads last month’s report', async () => {
    const last = report([userRecord()])
    s3.on(GetObjectCommand).resolves(body(toJson(last)))
    const result = await readS3Baseline(new S3Client({}), bucket, 'p/latest.json', () => undefined)
    expect(result.baseline?.users).toEqual(last.users)
    expect(result.failure).toBeUndefined()
  })

  it('treats a missing object as a first report', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404))
    const result = await readS3Baseline(new S3Client({}), bucket, 'p/latest.json', () => undefined)
    expect(result).toMatchObject({ baseline: null, note: expect.stringMatching(/First report/) })
    expect(result.failure).toBeUndefined()
  })

  it('warns and starts over on an unreadable or wrong-schema baseline', async () => {
    for (const text of ['not json', JSON.stringify({ schemaVersion: 2, users: [] })]) {
      s3.reset()
      s3.on(GetObjectCommand).resolves(body(text))
      const warnings: string[] = []
      const result = await readS3Baseline(new S3Client({}), bucket, 'p/latest.json', w =>
        warnings.push(w)
      )
      expect(result.baseline).toBeNull()
      expect(result.failure).toBeUndefined()
      expect(warnings).toEqual([
        expect.stringMatching(/s3:\/\/b\/p\/latest.json is not a readable report/)
      ])
    }
  })

  it('fails, rather than report everything as new, when the baseline is denied', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403))
    const result = await readS3Baseline(new S3Client({}), bucket, 'p/latest.json', () => undefined)
    expect(result.baseline).toBeNull()
    expect(result.failure).toMatch(
      /reading the baseline s3:\/\/b\/p\/latest.json: access denied.*s3:ListBucket/
    )
  })
})
