import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { sdkStreamMixin } from '@smithy/util-stream'
import { mockClient } from 'aws-sdk-client-mock'
import { Readable } from 'node:stream'
import { readS3Baseline } from '../../../src/steps/baseline.js'
import { toJson } from '../../../src/report/json.js'
import { report, userRecord } from '../../fixtures/report-records.js'

const s3 = mockClient(S3Client)
beforeEach(() => s3.reset())
const bucket = { bucket: 'b', expectedOwner: '', kmsKeyId: '' }
/** readS3Baseline on s3://b/p/latest.json. */
const readLatest = (warn: (message: string) => void = () => undefined) =>
  readS3Baseline(new S3Client({}), bucket, 'p/latest.json', warn)
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
    const result = await readLatest()
    expect(result.baseline?.users).toEqual(last.users)
    expect(result.failure).toBeUndefined()
  })

  const last = report([userRecord(), userRecord({ user_name: 'bob', user_id: 'AIDABOB' })])

  it('reads the object once, to the end, whatever its chunks cut', async () => {
    // Chunks of 7 bytes cut lines, and the multi-byte characters, anywhere.
    const bytes = Buffer.from(toJson(last).replaceAll('platform-prod', 'Zürich – 東京'))
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
      bytes.subarray(i * 7, i * 7 + 7)
    )
    s3.on(GetObjectCommand).callsFake(() => ({ Body: sdkStreamMixin(Readable.from(chunks)) }))
    const result = await readLatest()
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1)
    expect(result.baseline?.users.map(u => u.account_name)).toEqual([
      'Zürich – 東京',
      'Zürich – 東京'
    ])
    expect(result.note).toBe('Compared with s3://b/p/latest.json, generated 2026-11-02T09:00:00Z.')
  })

  it('reads a report in another JSON layout', async () => {
    s3.on(GetObjectCommand).callsFake(() => body(JSON.stringify(last, null, 2)))
    const result = await readLatest()
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1)
    expect(result.baseline).toEqual(last)
  })

  it('fails, rather than warn, when the connection breaks while the report is read', async () => {
    const text = toJson(last)
    async function* breaks() {
      yield Buffer.from(text.slice(0, 200))
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    }
    s3.on(GetObjectCommand).callsFake(() => ({ Body: sdkStreamMixin(Readable.from(breaks())) }))
    const warnings: string[] = []
    const result = await readLatest(w => warnings.push(w))
    expect(warnings).toEqual([])
    expect(result.baseline).toBeNull()
    expect(result.failure).toBe(
      'reading the baseline s3://b/p/latest.json: the connection failed while it was read (socket hang up)'
    )
  })

  it('treats a missing object as a first report', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404))
    const result = await readLatest()
    expect(result).toMatchObject({ baseline: null, note: expect.stringMatching(/First report/) })
    expect(result.failure).toBeUndefined()
  })

  it('warns and starts over on an unreadable or wrong-schema baseline', async () => {
    const hostile = { ...last, generatedAt: '2026-11-02T09:00:00Z\n::error::x' }
    for (const text of [
      'not json',
      JSON.stringify({ schemaVersion: 2, users: [] }),
      toJson(hostile)
    ]) {
      s3.reset()
      s3.on(GetObjectCommand).callsFake(() => body(text))
      const warnings: string[] = []
      const result = await readLatest(w => warnings.push(w))
      expect(result.baseline).toBeNull()
      expect(result.failure).toBeUndefined()
      expect(warnings).toEqual([
        expect.stringMatching(/s3:\/\/b\/p\/latest.json is not a readable report/)
      ])
    }
  })

  it('fails, rather than report everything as new, when the baseline is denied', async () => {
    s3.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403))
    const result = await readLatest()
    expect(result.baseline).toBeNull()
    expect(result.failure).toMatch(
      /reading the baseline s3:\/\/b\/p\/latest.json: access denied.*s3:ListBucket/
    )
  })
})
