// AWS Config stand-in: AWS JSON 1.1 (`POST /`, `X-Amz-Target: StarlingDoveService.<Op>`) serving
// SelectAggregateResourceConfig and SelectResourceConfig over an in-memory list of Config items.
import { runQuery } from './config-query.js'
import { InvalidExpression, parseQuery, selectFieldNames } from './config-sql.js'
import {
  closeServer,
  createFaults,
  createServer,
  createTokenSigner,
  listen,
  logRequest,
  pickHeaders,
  randomUUID,
  readBody,
  sleep
} from './http-util.js'

const TARGET_PREFIX = 'StarlingDoveService.'
const OPERATIONS = new Set(['SelectAggregateResourceConfig', 'SelectResourceConfig'])
const LOGGED_HEADERS = [
  'x-amz-target',
  'content-type',
  'authorization',
  'x-amz-security-token',
  'user-agent'
]
// Query results kept for paging: enough for every shard a sharded client has in flight at once.
const CACHE_SIZE = 128

/**
 * @typedef {object} ConfigKnobs
 * @property {number} latencyMs delay before answering
 * @property {number} throttleRate fraction (0..1) of requests answered with ThrottlingException
 * @property {number} seed seed of the PRNG behind throttleRate
 * @property {number} tps token-bucket rate; requests beyond it get ThrottlingException (0 = off)
 * @property {string | null} localAccountId account served by SelectResourceConfig (null: the first item's)
 */

/**
 * @param {{ items?: object[], aggregators?: Iterable<string>, knobs?: Partial<ConfigKnobs>,
 *   sessionExpired?: (token: unknown) => boolean }} [options] sessionExpired: whether a session
 *   token has expired (STS knows; default: never)
 */
export async function startConfig(options = {}) {
  /** @type {ConfigKnobs} */
  const knobs = {
    latencyMs: 0,
    throttleRate: 0,
    seed: 1,
    tps: 0,
    localAccountId: null,
    ...options.knobs
  }
  const aggregators = new Set(options.aggregators ?? ['org-aggregator'])
  const sessionExpired = options.sessionExpired ?? (() => false)
  /** @type {any[]} */
  let items = options.items ?? []
  /** @type {Record<string, any>[]} */
  const requests = []
  const faults = createFaults(knobs)
  const tokens = createTokenSigner()
  /** @type {Map<string, ReturnType<typeof runQuery>>} */
  const cache = new Map()

  /** @param {import('node:http').ServerResponse} res @param {string} code @param {string} message */
  const fail = (res, code, message, status = 400) => {
    const text = JSON.stringify({ __type: code, message })
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      // The SDK reads the code from `__type` first and this header last; real services send both.
      'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.starlingdove/`
    })
    res.end(text)
  }

  /** @param {string} scope @param {import('./config-sql.js').Query} query @param {string} expression */
  const results = (scope, query, expression) => {
    const key = `${scope}\n${expression}`
    let result = cache.get(key)
    if (!result) {
      const account = scope.startsWith('account:') ? scope.slice('account:'.length) : undefined
      result = runQuery(query, account ? items.filter(item => item.accountId === account) : items)
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? '')
      cache.set(key, result)
    }
    return result
  }

  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString('utf8')
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target
    /** @type {any} */
    let body
    try {
      body = raw ? JSON.parse(raw) : {}
    } catch {
      body = raw
    }
    logRequest(requests, { operation, body, headers: pickHeaders(req, LOGGED_HEADERS) }, res)
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    if (sessionExpired(req.headers['x-amz-security-token']))
      return fail(
        res,
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    if (req.method !== 'POST' || !OPERATIONS.has(operation))
      return fail(res, 'UnknownOperationException', `Unknown operation ${target}`)
    if (typeof body !== 'object' || body === null)
      return fail(
        res,
        'SerializationException',
        'Start of structure or map found where not expected.'
      )
    const injected = faults.take()
    if (injected)
      return fail(
        res,
        injected.code ?? 'InternalFailure',
        injected.message ?? 'An internal error occurred.',
        injected.status ?? 500
      )
    if (faults.throttled() || faults.overTps())
      return fail(res, 'ThrottlingException', 'Rate exceeded')

    // Single-account mode sees only the caller's own account.
    let scope = `account:${knobs.localAccountId ?? items[0]?.accountId}`
    if (operation === 'SelectAggregateResourceConfig') {
      const name = body.ConfigurationAggregatorName
      if (typeof name !== 'string' || name === '')
        return fail(
          res,
          'ValidationException',
          "1 validation error detected: Value null at 'configurationAggregatorName' failed to satisfy constraint: Member must not be null"
        )
      if (!aggregators.has(name))
        return fail(
          res,
          'NoSuchConfigurationAggregatorException',
          `The configuration aggregator does not exist. Check the configuration aggregator name and try again. (Aggregator name: ${name})`
        )
      scope = `aggregator:${name}`
    }
    const limit = body.Limit ?? 0
    if (!Number.isInteger(limit) || limit < 0 || limit > 100)
      return fail(res, 'InvalidLimitException', `Limit must be between 0 and 100, got ${limit}`)
    const expression = body.Expression
    if (typeof expression !== 'string')
      return fail(
        res,
        'ValidationException',
        "1 validation error detected: Value null at 'expression' failed to satisfy constraint: Member must not be null"
      )
    /** @type {import('./config-sql.js').Query} */
    let query
    try {
      query = parseQuery(expression)
    } catch (error) {
      if (error instanceof InvalidExpression)
        return fail(res, 'InvalidExpressionException', error.message)
      throw error
    }
    const queryId = `${scope}\n${expression}`
    let offset = 0
    if (body.NextToken !== undefined && body.NextToken !== null) {
      const token = tokens.verify(body.NextToken)
      if (!token || token.q !== queryId || !Number.isInteger(token.o))
        return fail(res, 'InvalidNextTokenException', 'The nextToken provided is invalid')
      offset = token.o
    }
    const result = results(scope, query, expression)
    const pageSize = limit || (result.grouped ? 500 : 25)
    const end = Math.min(result.length, offset + pageSize)
    /** @type {string[]} */
    const page = []
    for (let k = offset; k < end; k++) page.push(result.render(k))
    const reply = {
      Results: page,
      QueryInfo: { SelectFields: selectFieldNames(query).map(Name => ({ Name })) },
      ...(end < result.length ? { NextToken: tokens.sign({ o: end, q: queryId }) } : {})
    }
    const text = JSON.stringify(reply)
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID()
    })
    res.end(text)
  })
  const url = await listen(server)

  return {
    url,
    requests,
    knobs,
    aggregators,
    /** Replaces the Config items; a client mid-pagination continues from its offset in the new list. */
    setItems(/** @type {object[]} */ next) {
      items = next
      cache.clear()
    },
    getItems: () => items,
    /** Makes the next `n` requests fail; defaults to HTTP 500 InternalFailure. */
    failNext: faults.failNext,
    /** Number of Select requests received so far (all outcomes). */
    countSelects: () => requests.filter(r => OPERATIONS.has(r.operation)).length,
    close: () => closeServer(server)
  }
}
