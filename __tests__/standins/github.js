// GitHub REST API stand-in: the issues endpoints and the artifact/run lookups used to find a
// previous report. Reached through GITHUB_API_URL, which @actions/github reads once, when the
// module is first imported: set it before importing (or pass `baseUrl` to getOctokit).
import yazl from 'yazl'
import {
  closeServer,
  createFaults,
  createServer,
  listen,
  logRequest,
  pickHeaders,
  randomId,
  readBody,
  sendJson,
  sleep
} from './http-util.js'

const DOCS = 'https://docs.github.com/rest'
const BODY_LIMIT = 65536
const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

/**
 * @typedef {object} GithubKnobs
 * @property {number} latencyMs
 * @property {string | null} expectedToken token the Authorization header must carry (null: any)
 * @property {string} repository the only `owner/repo` that exists
 * @property {Set<string> | null} assignable logins that may be assigned (null: any)
 */

/** Deterministic zip (fixed mtimes) of `{ name: contents }`. @param {Record<string, Buffer | string>} files */
export function zipFiles(files) {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(files))
    zip.addBuffer(Buffer.from(content), name, { mtime: new Date('2026-01-01T00:00:00Z') })
  zip.end()
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    zip.outputStream.on('data', (/** @type {Buffer} */ c) => chunks.push(c))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}

const iso = (/** @type {Date} */ d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** @param {{ knobs?: Partial<GithubKnobs> }} [options] */
export async function startGithub(options = {}) {
  /** @type {GithubKnobs} */
  const knobs = { latencyMs: 0, expectedToken: null, repository: 'acme/security-reports', assignable: null, ...options.knobs }
  /** @type {Record<string, any>[]} */
  const requests = []
  /** @type {any[]} */
  const issues = []
  /** @type {any[]} */
  const artifacts = []
  /** @type {Map<number, any>} */
  const runs = new Map()
  const faults = createFaults({})
  /** @type {number[]} reset delays (seconds) of queued rate-limit answers */
  const rateLimited = []
  let remaining = 5000
  let url = ''
  let nextArtifactId = 9001

  /** @param {string} login */
  const user = login => ({ login, id: 1000 + login.length, type: 'User' })
  /** @param {string} name */
  const label = name => ({ id: 2000 + name.length, name, color: 'ededed', default: false, description: null })
  /** @param {any} a */
  const artifactJson = a => ({
    id: a.id,
    node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
    name: a.name,
    size_in_bytes: a.zip.length,
    url: `${url}/repos/${knobs.repository}/actions/artifacts/${a.id}`,
    archive_download_url: `${url}/repos/${knobs.repository}/actions/artifacts/${a.id}/zip`,
    expired: a.expired,
    digest: a.digest ?? null,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    expires_at: a.expiresAt,
    workflow_run: { id: a.runId, repository_id: 1, head_repository_id: 1, head_branch: 'main', head_sha: 'f'.repeat(40) }
  })

  /**
   * GitHub-style paging: `per_page` (≤ 100, default 30), `page`, and a Link header with rel next/last/prev/first.
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
    return { items: list.slice((page - 1) * perPage, page * perPage), link: links.length ? links.join(', ') : undefined }
  }

  /** @param {any} body @param {any} [issue] @returns {any[] | undefined} validation errors */
  const validateIssue = (body, issue) => {
    const errors = []
    if (!issue && (typeof body.title !== 'string' || body.title === ''))
      errors.push({ resource: 'Issue', code: 'missing_field', field: 'title' })
    if (typeof body.body === 'string' && body.body.length > BODY_LIMIT)
      errors.push({ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${BODY_LIMIT} characters)` })
    for (const login of body.assignees ?? [])
      if (knobs.assignable && !knobs.assignable.has(login)) errors.push({ value: login, resource: 'Issue', field: 'assignees', code: 'invalid' })
    return errors.length ? errors : undefined
  }
  /** @param {any} issue @param {any} body */
  const applyIssue = (issue, body) => {
    if (body.title !== undefined) issue.title = body.title
    if (body.body !== undefined) issue.body = body.body
    if (body.labels !== undefined) issue.labels = body.labels.map((/** @type {any} */ l) => label(typeof l === 'string' ? l : l.name))
    if (body.assignees !== undefined) issue.assignees = body.assignees.map(user)
    issue.assignee = issue.assignees[0] ?? null
    if (body.state !== undefined && body.state !== issue.state) {
      issue.state = body.state
      issue.closed_at = body.state === 'closed' ? iso() : null
      issue.state_reason = body.state === 'closed' ? (body.state_reason ?? 'completed') : 'reopened'
    }
    issue.updated_at = iso()
  }

  /** @returns {Promise<[number, any, Record<string, string>?]>} */
  const route = async (/** @type {string} */ method, /** @type {URL} */ u, /** @type {any} */ body) => {
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(u.pathname)
    if (!m || `${m[1]}/${m[2]}` !== knobs.repository) return [404, { message: 'Not Found', documentation_url: DOCS }]
    const rest = m[3]
    const [owner, repo] = [m[1], m[2]]
    let p
    if (rest === '/issues' && method === 'GET') {
      const state = u.searchParams.get('state') ?? 'open'
      const wanted = (u.searchParams.get('labels') ?? '').split(',').filter(Boolean)
      const asc = u.searchParams.get('direction') === 'asc'
      const key = u.searchParams.get('sort') === 'updated' ? 'updated_at' : 'created_at'
      const list = issues
        .filter(i => (state === 'all' || i.state === state) && wanted.every(w => i.labels.some((/** @type {any} */ l) => l.name === w)))
        .sort((a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1) * (asc ? 1 : -1))
      const { items, link } = paginate(u, list)
      return [200, items, link ? { link } : {}]
    }
    if (rest === '/issues' && method === 'POST') {
      const errors = validateIssue(body)
      if (errors) return [422, { message: 'Validation Failed', errors, documentation_url: DOCS }]
      const number = issues.length + 1
      const issue = {
        id: 5000 + number,
        node_id: `I_kwDOstandin${number}`,
        number,
        url: `${url}/repos/${owner}/${repo}/issues/${number}`,
        repository_url: `${url}/repos/${owner}/${repo}`,
        html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
        state: 'open',
        state_reason: null,
        title: '',
        body: null,
        user: BOT,
        labels: [],
        assignee: null,
        assignees: [],
        locked: false,
        comments: 0,
        created_at: iso(),
        updated_at: iso(),
        closed_at: null,
        author_association: 'NONE'
      }
      applyIssue(issue, body)
      issues.push(issue)
      return [201, issue]
    }
    if ((p = /^\/issues\/(\d+)$/.exec(rest))) {
      const issue = issues.find(i => i.number === Number(p?.[1]))
      if (!issue) return [404, { message: 'Not Found', documentation_url: DOCS }]
      if (method === 'GET') return [200, issue]
      if (method !== 'PATCH') return [404, { message: 'Not Found', documentation_url: DOCS }]
      const errors = validateIssue(body, issue)
      if (errors) return [422, { message: 'Validation Failed', errors, documentation_url: DOCS }]
      applyIssue(issue, body)
      return [200, issue]
    }
    if ((p = /^\/actions(?:\/runs\/(\d+))?\/artifacts$/.exec(rest)) && method === 'GET') {
      const name = u.searchParams.get('name')
      const runId = p[1] === undefined ? undefined : Number(p[1])
      const list = artifacts
        .filter(a => (name === null || a.name === name) && (runId === undefined || a.runId === runId))
        .sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1))
      const { items, link } = paginate(u, list)
      return [200, { total_count: list.length, artifacts: items.map(artifactJson) }, link ? { link } : {}]
    }
    if ((p = /^\/actions\/artifacts\/(\d+)(\/zip)?$/.exec(rest)) && method === 'GET') {
      const a = artifacts.find(x => x.id === Number(p?.[1]))
      if (!a) return [404, { message: 'Not Found', documentation_url: DOCS }]
      if (!p[2]) return [200, artifactJson(a)]
      if (a.expired) return [410, { message: 'Artifact has expired', documentation_url: DOCS }]
      return [302, undefined, { location: `${url}/_blobs/${a.id}.zip?sig=${randomId(8)}` }]
    }
    if ((p = /^\/actions\/runs\/(\d+)$/.exec(rest)) && method === 'GET') {
      const run = runs.get(Number(p[1]))
      return run ? [200, run] : [404, { message: 'Not Found', documentation_url: DOCS }]
    }
    return [404, { message: 'Not Found', documentation_url: DOCS }]
  }

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    const raw = (await readBody(req)).toString('utf8')
    const body = raw ? JSON.parse(raw) : undefined
    const method = req.method ?? 'GET'
    logRequest(requests, { method, path: u.pathname, query: Object.fromEntries(u.searchParams), body, headers: pickHeaders(req, ['authorization', 'accept', 'user-agent', 'x-github-api-version']) }, res)
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    const blob = /^\/_blobs\/(\d+)\.zip$/.exec(u.pathname)
    if (blob && method === 'GET') {
      const a = artifacts.find(x => x.id === Number(blob[1]))
      if (!a) return sendJson(res, 404, { message: 'Not Found' })
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': a.zip.length })
      return res.end(a.zip)
    }
    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (!token) return sendJson(res, 401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' })
    if (knobs.expectedToken !== null && token !== knobs.expectedToken)
      return sendJson(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' })
    const reset = Math.floor(Date.now() / 1000)
    const limited = rateLimited.shift()
    if (limited !== undefined) {
      const headers = { 'x-ratelimit-limit': 5000, 'x-ratelimit-remaining': 0, 'x-ratelimit-used': 5000, 'x-ratelimit-resource': 'core', 'x-ratelimit-reset': reset + limited }
      return sendJson(res, 403, { message: 'API rate limit exceeded for installation ID 4242.', documentation_url: DOCS, status: '403' }, headers)
    }
    const injected = faults.take()
    if (injected)
      return sendJson(res, injected.status ?? 500, { message: injected.message ?? 'Server Error', documentation_url: DOCS, status: String(injected.status ?? 500) })
    const [status, payload, headers = {}] = await route(method, u, body)
    remaining = Math.max(0, remaining - 1)
    const rate = { 'x-ratelimit-limit': 5000, 'x-ratelimit-remaining': remaining, 'x-ratelimit-used': 5000 - remaining, 'x-ratelimit-resource': 'core', 'x-ratelimit-reset': reset + 3600 }
    if (status === 302) {
      res.writeHead(302, { ...rate, ...headers, 'content-length': 0 })
      return res.end()
    }
    sendJson(res, status, payload, { ...rate, ...headers })
  })
  url = await listen(server)

  /** @param {{ id: number, workflowId?: number, name?: string, status?: string, conclusion?: string | null, event?: string }} run */
  const addRun = run => {
    const record = {
      id: run.id,
      name: run.name ?? 'IAM user report',
      workflow_id: run.workflowId ?? 77,
      status: run.status ?? 'completed',
      conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
      event: run.event ?? 'schedule',
      run_number: run.id % 1000,
      run_attempt: 1,
      head_branch: 'main',
      path: '.github/workflows/iam-user-report.yml',
      html_url: `https://github.com/${knobs.repository}/actions/runs/${run.id}`,
      created_at: iso(),
      updated_at: iso()
    }
    runs.set(run.id, record)
    return record
  }

  return {
    url,
    requests,
    knobs,
    issues,
    artifacts,
    runs,
    addRun,
    /**
     * Seeds an artifact of a workflow run (the run is created when unknown).
     * @param {{ name: string, runId: number, workflowId?: number, conclusion?: string | null, status?: string,
     *   files?: Record<string, Buffer | string>, zip?: Buffer, createdAt?: string, expired?: boolean, digest?: string }} spec
     */
    async addArtifact(spec) {
      if (!runs.has(spec.runId))
        addRun({ id: spec.runId, workflowId: spec.workflowId, conclusion: spec.conclusion, status: spec.status })
      const zip = spec.zip ?? (await zipFiles(spec.files ?? {}))
      const createdAt = spec.createdAt ?? iso()
      const expiresAt = iso(new Date(Date.parse(createdAt) + 90 * 86400 * 1000))
      const record = { id: nextArtifactId++, name: spec.name, runId: spec.runId, zip, createdAt, expiresAt, expired: spec.expired ?? false, digest: spec.digest }
      artifacts.push(record)
      return record
    },
    /** Next `n` authenticated requests fail, e.g. `{ status: 403, message: 'Resource not accessible by integration' }`. */
    failNext: faults.failNext,
    /** Next `n` authenticated requests hit the rate limit (403, x-ratelimit-remaining: 0, reset in `resetSeconds`). */
    rateLimitNext(/** @type {number} */ n, { resetSeconds = 1 } = {}) {
      for (let k = 0; k < n; k++) rateLimited.push(resetSeconds)
    },
    close: () => closeServer(server)
  }
}
