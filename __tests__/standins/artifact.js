// Actions results service stand-in for @actions/artifact v6: the Twirp JSON ArtifactService and an
// Azure block-blob endpoint for the signed upload/download URLs it hands out.
//
// Callers must set ACTIONS_RUNTIME_TOKEN (see makeRuntimeToken) and ACTIONS_RESULTS_URL (this
// server's url), and leave GITHUB_SERVER_URL unset or https://github.com: @actions/artifact treats
// any other host except *.ghe.com and *.localhost as GHES and refuses to upload.
import AdmZip from 'adm-zip'
import { createHash, randomBytes } from 'node:crypto'
import { handleBlob } from './azure-blob.js'
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

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/'
const BLOB = /^\/artifacts\/results\/(\d+)\.zip$/
const TWIRP_CODES = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  429: 'resource_exhausted',
  503: 'unavailable'
}

/**
 * Unsigned JWT of the shape the runner provides: @actions/artifact decodes (never verifies) it and
 * reads the backend ids from the `Actions.Results:<run>:<job>` entry of its `scp` claim.
 * @param {string} runBackendId @param {string} jobBackendId
 */
export function makeRuntimeToken(runBackendId, jobBackendId) {
  const part = (/** @type {unknown} */ v) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const scp = `Actions.ExampleScope Actions.Results:${runBackendId}:${jobBackendId}`
  return `${part({ typ: 'JWT', alg: 'none' })}.${part({ scp, iat: now, exp: now + 6 * 3600 })}.unsigned`
}

/** @param {string | undefined} header */
function backendIdsOf(header) {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1]
  try {
    const claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8'))
    const scope = String(claims.scp)
      .split(' ')
      .find(s => s.startsWith('Actions.Results:'))
    const [, run, job] = scope?.split(':') ?? []
    return run && job ? { run, job } : undefined
  } catch {
    return undefined
  }
}

/**
 * @typedef {{ id: number, name: string, size: number, digest: string, zip: Buffer, runBackendId: string,
 *   jobBackendId: string, createdAt: string, expiresAt: string | undefined, files: () => Record<string, Buffer> }} StoredArtifact
 */

/** @param {{ knobs?: { latencyMs?: number }, firstId?: number }} [options] */
export async function startArtifact(options = {}) {
  const knobs = { latencyMs: 0, ...options.knobs }
  /** @type {Record<string, any>[]} */
  const requests = []
  /** @type {StoredArtifact[]} */
  const artifacts = []
  /** @type {Map<number, { id: number, name: string, run: string, job: string, sig: string, expiresAt?: string, blocks: Map<string, Buffer>, data?: Buffer }>} */
  const uploads = new Map()
  /** @type {((artifact: StoredArtifact) => void)[]} */
  const finalizeListeners = []
  const faults = createFaults({})
  let nextId = options.firstId ?? 1001
  let url = ''

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {string} msg */
  const twirpError = (res, status, msg) =>
    sendJson(res, status, { code: TWIRP_CODES[/** @type {400} */ (status)] ?? 'internal', msg })
  /** @param {StoredArtifact} a */
  const toMonolith = a => ({
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size),
    created_at: a.createdAt,
    digest: a.digest
  })

  /** @type {Record<string, (body: any, ids: { run: string, job: string }, res: import('node:http').ServerResponse) => void>} */
  const methods = {
    CreateArtifact(body, ids, res) {
      if (!body.name) return twirpError(res, 400, 'artifact name is required')
      if (artifacts.some(a => a.runBackendId === ids.run && a.name === body.name))
        return twirpError(res, 409, 'an artifact with this name already exists on the workflow run')
      const id = nextId++
      const sig = randomBytes(12).toString('base64url')
      uploads.set(id, {
        id,
        name: body.name,
        run: ids.run,
        job: ids.job,
        sig,
        expiresAt: body.expires_at,
        blocks: new Map()
      })
      sendJson(res, 200, {
        ok: true,
        signed_upload_url: `${url}/artifacts/results/${id}.zip?sv=2025-01-05&sr=b&sig=${sig}`
      })
    },
    FinalizeArtifact(body, ids, res) {
      const upload = [...uploads.values()].find(u => u.run === ids.run && u.name === body.name)
      if (!upload) return twirpError(res, 404, `artifact ${body.name} not found`)
      if (!upload.data) return twirpError(res, 400, 'no blob was committed for this artifact')
      const digest = `sha256:${createHash('sha256').update(upload.data).digest('hex')}`
      if (String(body.size) !== String(upload.data.length))
        return twirpError(
          res,
          400,
          `size mismatch: declared ${body.size}, uploaded ${upload.data.length}`
        )
      if (body.hash !== undefined && body.hash !== digest)
        return twirpError(res, 400, `hash mismatch: declared ${body.hash}, uploaded ${digest}`)
      uploads.delete(upload.id)
      const zip = upload.data
      /** @type {StoredArtifact} */
      const artifact = {
        id: upload.id,
        name: upload.name,
        size: zip.length,
        digest,
        zip,
        runBackendId: upload.run,
        jobBackendId: upload.job,
        createdAt: new Date().toISOString(),
        expiresAt: upload.expiresAt,
        files: () =>
          Object.fromEntries(
            new AdmZip(zip)
              .getEntries()
              .filter(e => !e.isDirectory)
              .map(e => [e.entryName, e.getData()])
          )
      }
      artifacts.push(artifact)
      for (const listener of finalizeListeners) listener(artifact)
      sendJson(res, 200, { ok: true, artifact_id: String(artifact.id) })
    },
    ListArtifacts(body, ids, res) {
      const found = artifacts.filter(
        a =>
          a.runBackendId === (body.workflow_run_backend_id ?? ids.run) &&
          (body.name_filter === undefined || a.name === body.name_filter) &&
          (body.id_filter === undefined || String(a.id) === String(body.id_filter))
      )
      sendJson(res, 200, { artifacts: found.map(toMonolith) })
    },
    GetSignedArtifactURL(body, ids, res) {
      const a = artifacts.find(
        x => x.runBackendId === (body.workflow_run_backend_id ?? ids.run) && x.name === body.name
      )
      if (!a) return twirpError(res, 404, `artifact ${body.name} not found`)
      sendJson(res, 200, {
        signed_url: `${url}/artifacts/results/${a.id}.zip?sv=2025-01-05&sr=b&sig=download`
      })
    },
    DeleteArtifact(body, ids, res) {
      const index = artifacts.findIndex(x => x.runBackendId === ids.run && x.name === body.name)
      if (index < 0) return twirpError(res, 404, `artifact ${body.name} not found`)
      const [removed] = artifacts.splice(index, 1)
      sendJson(res, 200, { ok: true, artifact_id: String(removed.id) })
    }
  }

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    const data = await readBody(req)
    const isTwirp = u.pathname.startsWith(TWIRP)
    /** @type {any} */
    let body = undefined
    if (isTwirp) {
      try {
        body = JSON.parse(data.toString('utf8') || '{}')
      } catch {
        body = undefined
      }
    }
    const entry = {
      operation: isTwirp ? u.pathname.slice(TWIRP.length) : `${req.method} blob`,
      method: req.method,
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      body: isTwirp ? body : { bytes: data.length },
      headers: pickHeaders(req, ['content-type', 'x-ms-blob-type', 'x-ms-version', 'user-agent'])
    }
    logRequest(requests, entry, res)
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    const blobMatch = BLOB.exec(u.pathname)
    if (blobMatch) {
      const id = Number(blobMatch[1])
      return handleBlob(req, res, u, data, {
        upload: uploads.get(id),
        stored: artifacts.find(a => a.id === id)?.zip
      })
    }
    if (!isTwirp || req.method !== 'POST') return twirpError(res, 404, 'no such route')
    const method = methods[entry.operation]
    if (!method) return twirpError(res, 404, `unknown method ${entry.operation}`)
    const ids = backendIdsOf(req.headers.authorization)
    if (!ids) return twirpError(res, 401, 'missing or invalid runtime token')
    if (body === undefined) return twirpError(res, 400, 'request body is not JSON')
    if (body.workflow_run_backend_id !== undefined && body.workflow_run_backend_id !== ids.run)
      return twirpError(res, 403, 'workflow run backend id does not match the runtime token')
    const injected = faults.take()
    if (injected)
      return twirpError(res, injected.status ?? 500, injected.message ?? 'internal error')
    method(body, ids, res)
  })
  url = await listen(server)

  return {
    url,
    requests,
    knobs,
    /** Finalized artifacts, oldest first. */
    artifacts,
    makeRuntimeToken,
    /** Called with each artifact once FinalizeArtifact succeeds. */
    onFinalize: (/** @type {(a: StoredArtifact) => void} */ listener) =>
      void finalizeListeners.push(listener),
    /** Next `n` Twirp calls fail (blob calls are not affected); defaults to HTTP 500. */
    failNext: faults.failNext,
    close: () => closeServer(server)
  }
}
