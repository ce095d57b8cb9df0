// Plumbing shared by the local stand-ins: bodies, delays, a seeded PRNG, fault injection, signed
// opaque tokens and replies. Each stand-in stays a small file that only speaks its wire format.
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

export { sleep, randomUUID }

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export async function readBody(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/**
 * mulberry32: tiny, fast and good enough to make fault injection and sample data reproducible.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** @typedef {{ status?: number, code?: string, message?: string }} FaultSpec */

/**
 * Fault injection shared by every stand-in. `knobs.throttleRate` draws from a PRNG seeded by
 * `knobs.seed` (re-seeded whenever the knob changes) so a throttled run can be replayed exactly.
 * `knobs.tps` is a token bucket: a burst of `tps` requests, refilled at `tps` per second.
 * @param {{ throttleRate?: number, seed?: number, tps?: number }} knobs
 */
export function createFaults(knobs) {
  /** @type {FaultSpec[]} */
  const queue = []
  let seededWith = NaN
  let rng = Math.random
  let tokens = NaN
  let refilledAt = 0
  return {
    /** @param {number} n @param {FaultSpec} [spec] */
    failNext(n, spec = {}) {
      for (let i = 0; i < n; i++) queue.push(spec)
    },
    /** @returns {FaultSpec | undefined} the next queued failure, if any */
    take: () => queue.shift(),
    throttled() {
      const rate = knobs.throttleRate ?? 0
      if (rate <= 0) return false
      if (knobs.seed !== seededWith) {
        seededWith = knobs.seed ?? 1
        rng = mulberry32(seededWith)
      }
      return rng() < rate
    },
    overTps() {
      const tps = knobs.tps ?? 0
      if (!(tps > 0)) return false
      const now = performance.now()
      if (Number.isNaN(tokens)) tokens = tps
      tokens = Math.min(tps, tokens + ((now - refilledAt) / 1000) * tps)
      refilledAt = now
      if (tokens < 1) return true
      tokens -= 1
      return false
    }
  }
}

/**
 * Opaque pagination tokens: base64url JSON plus an HMAC, so a tampered token is detected the way
 * a real service rejects it, and clients cannot rely on the token's contents.
 */
export function createTokenSigner() {
  const secret = randomBytes(32)
  const mac = (/** @type {string} */ data) =>
    createHmac('sha256', secret).update(data).digest('base64url').slice(0, 32)
  return {
    /** @param {object} payload */
    sign(payload) {
      const data = Buffer.from(JSON.stringify({ ...payload, n: randomId(6) })).toString('base64url')
      return `${data}.${mac(data)}`
    },
    /** @param {unknown} token @returns {any} the payload, or undefined when forged or malformed */
    verify(token) {
      if (typeof token !== 'string') return undefined
      const [data, sig, extra] = token.split('.')
      if (!data || !sig || extra !== undefined || mac(data) !== sig) return undefined
      try {
        return JSON.parse(Buffer.from(data, 'base64url').toString('utf8'))
      } catch {
        return undefined
      }
    }
  }
}

/** @param {number} bytes */
export function randomId(bytes = 8) {
  return randomBytes(bytes).toString('hex')
}

/** @param {unknown} value */
export function xmlEscape(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string | number>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} xml
 * @param {Record<string, string | number>} [headers]
 */
export function sendXml(res, status, xml, headers = {}) {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    ...headers
  })
  res.end(xml)
}

/**
 * Lower-cased subset of request headers worth asserting on.
 * @param {import('node:http').IncomingMessage} req
 * @param {string[]} names
 */
export function pickHeaders(req, names) {
  /** @type {Record<string, string>} */
  const out = {}
  for (const name of names) {
    const value = req.headers[name]
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/**
 * Pushes `entry` to the log and fills in `entry.status` when the response head is written, which
 * also catches statuses written by frameworks (s3rver's Koa) through the implicit header path.
 * @param {object[]} requests
 * @param {Record<string, unknown>} entry
 * @param {import('node:http').ServerResponse} res
 */
export function logRequest(requests, entry, res) {
  requests.push(entry)
  const writeHead = res.writeHead
  res.writeHead = function (status, ...rest) {
    entry.status = status
    return writeHead.call(this, status, ...rest)
  }
  return entry
}

/**
 * An HTTP server whose handler errors become a 500 instead of a hung socket.
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} handler
 */
export function createServer(handler) {
  return http.createServer((req, res) => {
    handler(req, res).catch(error => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error?.stack ?? error) })
      else res.destroy()
    })
  })
}

/**
 * @param {import('node:http').Server} server
 * @returns {Promise<string>} `http://127.0.0.1:<port>`
 */
export async function listen(server) {
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(undefined))
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return `http://127.0.0.1:${address.port}`
}

/**
 * Closes the server and drops keep-alive sockets, which SDK clients and undici hold open and
 * which would otherwise keep jest (and plain node scripts) alive.
 * @param {import('node:http').Server} server
 */
export function closeServer(server) {
  return new Promise(resolve => {
    if (!server.listening) return resolve(undefined)
    server.close(() => resolve(undefined))
    server.closeAllConnections()
  })
}
