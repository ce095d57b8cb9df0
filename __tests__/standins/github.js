// GitHub REST API stand-in: the issues endpoints and the artifact/run lookups used to find a
// previous report. Reached through GITHUB_API_URL, which @actions/github reads once, when the
// module is first imported: set it before importing (or pass `baseUrl` to getOctokit).
import { createActionsRoutes } from './github-actions.js'
import { createIssueRoutes } from './github-issues.js'
import {
  closeServer,
  createFaults,
  createServer,
  listen,
  logRequest,
  pickHeaders,
  readBody,
  sendJson,
  sleep
} from './http-util.js'

const DOCS = 'https://docs.github.com/rest'
const LIMIT = 5000

/**
 * @typedef {object} GithubKnobs
 * @property {number} latencyMs
 * @property {string | null} expectedToken token the Authorization header must carry (null: any)
 * @property {string} repository the only `owner/repo` that exists
 * @property {Set<string> | null} assignable logins that may be assigned (null: any)
 */

const iso = (/** @type {Date} */ d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
/** @param {number} remaining @param {number} reset epoch seconds */
const rateHeaders = (remaining, reset) => ({
  'x-ratelimit-limit': LIMIT,
  'x-ratelimit-remaining': remaining,
  'x-ratelimit-used': LIMIT - remaining,
  'x-ratelimit-resource': 'core',
  'x-ratelimit-reset': reset
})
/** @param {string} message @param {number} status */
const error = (message, status) => ({ message, documentation_url: DOCS, status: String(status) })

/** @param {{ knobs?: Partial<GithubKnobs> }} [options] */
export async function startGithub(options = {}) {
  /** @type {GithubKnobs} */
  const knobs = {
    latencyMs: 0,
    expectedToken: null,
    repository: 'acme/security-reports',
    assignable: null,
    ...options.knobs
  }
  /** @type {Record<string, any>[]} */
  const requests = []
  const faults = createFaults({})
  /** @type {number[]} reset delays (seconds) of queued rate-limit answers */
  const rateLimited = []
  let remaining = LIMIT
  let url = ''

  /**
   * GitHub-style paging: `per_page` (≤ 100, default 30), `page`, and a Link header with rel
   * next/last/prev/first, which is what octokit.paginate follows.
   * @param {URL} u @param {any[]} list @returns {{ items: any[], link: string | undefined }}
   */
  const paginate = (u, list) => {
    const perPage = Math.min(100, Math.max(1, Number(u.searchParams.get('per_page') ?? 30)))
    const page = Math.max(1, Number(u.searchParams.get('page') ?? 1))
    const last = Math.max(1, Math.ceil(list.length / perPage))
    const at = (/** @type {number} */ p) => {
      const q = new URL(`${url}${u.pathname}${u.search}`)
      q.searchParams.set('per_page', String(perPage))
      q.searchParams.set('page', String(p))
      return `<${q}>`
    }
    const links = []
    if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
    if (page > 1) links.push(`${at(page - 1)}; rel="prev"`, `${at(1)}; rel="first"`)
    const items = list.slice((page - 1) * perPage, page * perPage)
    return { items, link: links.length ? links.join(', ') : undefined }
  }
  const notFound = () =>
    /** @type {[number, any]} */ ([404, { message: 'Not Found', documentation_url: DOCS }])
  const deps = { knobs, baseUrl: () => url, iso, paginate, notFound }
  const issues = createIssueRoutes(deps)
  const actions = createActionsRoutes(deps)

  /** @param {string} method @param {URL} u @param {any} body @returns {[number, any, Record<string, string>?]} */
  const route = (method, u, body) => {
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(u.pathname)
    if (!m || `${m[1]}/${m[2]}` !== knobs.repository) return notFound()
    return (
      issues.route(method, m[3], m[1], m[2], u, body) ??
      actions.route(method, m[3], u) ??
      notFound()
    )
  }

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    const raw = (await readBody(req)).toString('utf8')
    const body = raw ? JSON.parse(raw) : undefined
    const method = req.method ?? 'GET'
    const headers = pickHeaders(req, [
      'authorization',
      'accept',
      'user-agent',
      'x-github-api-version'
    ])
    logRequest(
      requests,
      { method, path: u.pathname, query: Object.fromEntries(u.searchParams), body, headers },
      res
    )
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    // The redirect target of an artifact download: signed by its URL, so no Authorization.
    const blob = /^\/_blobs\/(\d+)\.zip$/.exec(u.pathname)
    if (blob && method === 'GET') {
      const zip = actions.zipOf(Number(blob[1]))
      if (!zip) return sendJson(res, 404, { message: 'Not Found' })
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length })
      return res.end(zip)
    }
    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (!token) return sendJson(res, 401, error('Requires authentication', 401))
    if (knobs.expectedToken !== null && token !== knobs.expectedToken)
      return sendJson(res, 401, error('Bad credentials', 401))
    const now = Math.floor(Date.now() / 1000)
    const limited = rateLimited.shift()
    if (limited !== undefined)
      return sendJson(
        res,
        403,
        error('API rate limit exceeded for installation ID 4242.', 403),
        rateHeaders(0, now + limited)
      )
    const injected = faults.take()
    if (injected)
      return sendJson(
        res,
        injected.status ?? 500,
        error(injected.message ?? 'Server Error', injected.status ?? 500)
      )
    const [status, payload, extra = {}] = route(method, u, body)
    remaining = Math.max(0, remaining - 1)
    if (status !== 302)
      return sendJson(res, status, payload, { ...rateHeaders(remaining, now + 3600), ...extra })
    res.writeHead(302, { ...rateHeaders(remaining, now + 3600), ...extra, 'content-length': 0 })
    res.end()
  })
  url = await listen(server)

  return {
    url,
    requests,
    knobs,
    issues: issues.issues,
    artifacts: actions.artifacts,
    runs: actions.runs,
    addRun: actions.addRun,
    addArtifact: actions.addArtifact,
    /** Next `n` authenticated requests fail, e.g. `{ status: 403, message: 'Resource not accessible by integration' }`. */
    failNext: faults.failNext,
    /** Next `n` authenticated requests hit the rate limit (403, x-ratelimit-remaining: 0, reset in `resetSeconds`). */
    rateLimitNext(/** @type {number} */ n, { resetSeconds = 1 } = {}) {
      for (let k = 0; k < n; k++) rateLimited.push(resetSeconds)
    },
    close: () => closeServer(server)
  }
}
