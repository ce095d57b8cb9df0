// S3 stand-in: s3rver (a real S3 implementation on the local filesystem) behind a thin logging and
// fault-injecting front server, so tests can see headers such as x-amz-expected-bucket-owner and
// x-amz-server-side-encryption that s3rver itself accepts and ignores.
//
// s3rver ignores If-None-Match on PUT; the front server honours it as S3 does (412
// PreconditionFailed when the key exists), one write of a key at a time so that the check and the
// write are as atomic as in S3.
//
// Clients need credentials S3RVER/S3RVER and AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED:
// s3rver stores aws-chunked (checksum-trailer) uploads with the chunk framing inside the object.
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import {
  closeServer,
  createFaults,
  createServer,
  listen,
  logRequest,
  pickHeaders,
  randomId,
  sleep,
  xmlEscape
} from './http-util.js'

const LOGGED_HEADERS = [
  'if-none-match',
  'x-amz-expected-bucket-owner',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-sdk-checksum-algorithm',
  'content-type',
  'content-length',
  'authorization'
]

/**
 * @typedef {object} S3Knobs
 * @property {number} latencyMs
 * @property {boolean} denyAll answer every request with 403 AccessDenied
 * @property {string | null} bucketOwner account that owns every bucket; a request whose
 *   x-amz-expected-bucket-owner differs gets 403 AccessDenied, as S3 does (null: not checked)
 */

/** @param {import('node:http').IncomingMessage} req @param {URL} u */
function operationOf(req, u) {
  const [, bucket = '', ...key] = u.pathname.split('/')
  const hasKey = key.join('/') !== ''
  const q = u.searchParams
  const name = {
    GET: hasKey
      ? 'GetObject'
      : bucket
        ? q.get('list-type') === '2'
          ? 'ListObjectsV2'
          : 'ListObjects'
        : 'ListBuckets',
    PUT: hasKey ? (req.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject') : 'CreateBucket',
    HEAD: hasKey ? 'HeadObject' : 'HeadBucket',
    DELETE: hasKey ? 'DeleteObject' : 'DeleteBucket',
    POST: q.has('delete') ? 'DeleteObjects' : 'PostObject'
  }[req.method ?? 'GET']
  return { operation: name ?? req.method, bucket, key: decodeURIComponent(key.join('/')) }
}

/**
 * @param {{ buckets?: string[], knobs?: Partial<S3Knobs>,
 *   sessionExpired?: (token: unknown) => boolean }} [options] sessionExpired: whether a session
 *   token has expired (STS knows; default: never)
 */
export async function startS3(options = {}) {
  /** @type {S3Knobs} */
  const knobs = { latencyMs: 0, denyAll: false, bucketOwner: null, ...options.knobs }
  const dir = await mkdtemp(join(tmpdir(), 's3rver-'))
  const s3rver = new S3rver({
    directory: dir,
    silent: true,
    configureBuckets: (options.buckets ?? []).map(name => ({ name }))
  })
  await s3rver.configureBuckets()
  const handle = s3rver.callback()
  /** @type {Record<string, any>[]} */
  const requests = []
  const faults = createFaults({})
  const sessionExpired = options.sessionExpired ?? (() => false)

  /**
   * @param {import('node:http').ServerResponse} res @param {number} status @param {string} code
   * @param {string} message @param {string} [detail] more elements of <Error>, as XML
   */
  const fail = (res, status, code, message, detail = '') => {
    const requestId = randomId(8).toUpperCase()
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${detail}<RequestId>${requestId}</RequestId><HostId>${randomId(24)}</HostId></Error>`
    res.writeHead(status, {
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(xml),
      'x-amz-request-id': requestId
    })
    res.end(xml)
  }

  /**
   * Stores the object unless If-None-Match: * finds one there already.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {string} bucket @param {string} key
   */
  const write = async (req, res, bucket, key) => {
    if (req.headers['if-none-match'] === '*' && (await s3rver.store.existsObject(bucket, key))) {
      req.resume()
      await once(req, 'end')
      return fail(
        res,
        412,
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        '<Condition>If-None-Match</Condition>'
      )
    }
    await new Promise(resolve => {
      res.once('close', resolve)
      handle(req, res)
    })
  }
  /** Per `bucket/key`: the end of the last write queued, which never rejects. */
  /** @type {Map<string, Promise<void>>} */
  const writes = new Map()
  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {string} bucket @param {string} key
   */
  const putObject = async (req, res, bucket, key) => {
    const id = `${bucket}/${key}`
    const turn = (writes.get(id) ?? Promise.resolve()).then(() => write(req, res, bucket, key))
    const ended = turn.then(
      () => undefined,
      () => undefined
    )
    writes.set(id, ended)
    try {
      await turn
    } finally {
      if (writes.get(id) === ended) writes.delete(id)
    }
  }

  const front = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    const { operation, bucket, key } = operationOf(req, u)
    logRequest(
      requests,
      {
        operation,
        method: req.method,
        path: u.pathname,
        bucket,
        key,
        query: Object.fromEntries(u.searchParams),
        headers: pickHeaders(req, LOGGED_HEADERS)
      },
      res
    )
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    // An expired session is refused before anything else, and leaves queued faults queued.
    const expired = sessionExpired(req.headers['x-amz-security-token'])
    const injected = expired ? undefined : faults.take()
    const owner = req.headers['x-amz-expected-bucket-owner']
    let refusal
    if (expired) refusal = [400, 'ExpiredToken', 'The provided token has expired.']
    else if (injected)
      refusal = [
        injected.status ?? 500,
        injected.code ?? 'InternalError',
        injected.message ?? 'We encountered an internal error. Please try again.'
      ]
    else if (
      knobs.denyAll ||
      (knobs.bucketOwner !== null && owner !== undefined && owner !== knobs.bucketOwner)
    )
      refusal = [403, 'AccessDenied', 'Access Denied']
    if (refusal) {
      // The request body must be drained before answering, or the client sees a reset socket.
      req.resume()
      return req.on('end', () => fail(res, .../** @type {[number, string, string]} */ (refusal)))
    }
    if (operation === 'PutObject') return putObject(req, res, bucket, key)
    handle(req, res)
  })
  // Helpers read and seed through their own listener so they neither appear in the log nor trip faults.
  const inner = http.createServer(handle)
  const url = await listen(front)
  const innerUrl = await listen(inner)
  const client = new S3Client({
    endpoint: innerUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED'
  })

  return {
    url,
    dir,
    requests,
    knobs,
    /** Next `n` requests fail; defaults to HTTP 500 InternalError. */
    failNext: faults.failNext,
    /** @param {string} bucket */
    async createBucket(bucket) {
      await s3rver.store.putBucket(bucket)
    },
    /** @param {string} bucket @param {string} key @returns {Promise<Buffer | undefined>} */
    async getObject(bucket, key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        return Buffer.from(await /** @type {any} */ (out.Body).transformToByteArray())
      } catch (error) {
        if (/** @type {any} */ (error)?.name === 'NoSuchKey') return undefined
        throw error
      }
    },
    /** @param {string} bucket @param {string} key @param {Buffer | string} body */
    async putObject(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
    },
    /** @param {string} bucket @param {string} [prefix] @returns {Promise<string[]>} */
    async listKeys(bucket, prefix) {
      /** @type {string[]} */
      const keys = []
      let token
      do {
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })
        )
        keys.push(...(out.Contents ?? []).map(o => /** @type {string} */ (o.Key)))
        token = out.NextContinuationToken
      } while (token)
      return keys
    },
    async close() {
      client.destroy()
      await Promise.all([closeServer(front), closeServer(inner)])
      s3rver.logger.exceptions.unhandle()
      s3rver.logger.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
