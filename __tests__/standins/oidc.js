// GitHub Actions OIDC token endpoint stand-in: what `core.getIDToken(audience)` calls, i.e.
// `GET ${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=…` with `Authorization: Bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}`.
import { randomBytes } from 'node:crypto'
import {
  closeServer,
  createFaults,
  createServer,
  listen,
  logRequest,
  randomId,
  sendJson,
  sleep
} from './http-util.js'

/**
 * @typedef {object} OidcKnobs
 * @property {number} latencyMs
 * @property {string} subject `sub` claim of issued tokens
 * @property {Record<string, unknown>} claims extra claims merged into the payload
 */

/** @param {unknown} value */
const b64url = value => Buffer.from(JSON.stringify(value)).toString('base64url')

/** @param {{ knobs?: Partial<OidcKnobs> }} [options] */
export async function startOidc(options = {}) {
  /** @type {OidcKnobs} */
  const knobs = {
    latencyMs: 0,
    subject: 'repo:acme/security-reports:ref:refs/heads/main',
    claims: {},
    ...options.knobs
  }
  const requestToken = `oidc-request-${randomId(16)}`
  /** @type {Record<string, any>[]} */
  const requests = []
  /** Every token value handed out, so tests can check none of them reaches a log. */
  /** @type {string[]} */
  const issuedTokens = []
  const faults = createFaults({})

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const audience = url.searchParams.get('audience')
    logRequest(
      requests,
      {
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        audience,
        headers: {}
      },
      res
    )
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    if (req.headers.authorization !== `Bearer ${requestToken}`)
      return sendJson(res, 401, { message: 'Bad credentials' })
    if (req.method !== 'GET' || url.pathname !== '/token')
      return sendJson(res, 404, { message: 'Not Found' })
    const injected = faults.take()
    if (injected)
      return sendJson(res, injected.status ?? 500, {
        message: injected.message ?? 'Internal Server Error'
      })
    const now = Math.floor(Date.now() / 1000)
    const header = { typ: 'JWT', alg: 'RS256', kid: 'standin-oidc-key' }
    const payload = {
      jti: randomId(16),
      sub: knobs.subject,
      aud: audience ?? 'https://github.com/acme',
      ref: 'refs/heads/main',
      repository: 'acme/security-reports',
      repository_owner: 'acme',
      event_name: 'workflow_dispatch',
      iss: 'https://token.actions.githubusercontent.com',
      nbf: now - 5,
      iat: now,
      exp: now + 300,
      ...knobs.claims
    }
    // The signature part doubles as a marker that is easy to grep for in captured output.
    const value = `${b64url(header)}.${b64url(payload)}.OIDCSTANDIN${randomBytes(48).toString('base64url')}`
    issuedTokens.push(value)
    sendJson(res, 200, { count: issuedTokens.length, value })
  })
  const url = await listen(server)

  return {
    url,
    /** Value for ACTIONS_ID_TOKEN_REQUEST_URL: like the runner's, it already carries `?api-version=`. */
    requestUrl: `${url}/token?api-version=2.0`,
    /** Value for ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
    requestToken,
    issuedTokens,
    requests,
    knobs,
    failNext: faults.failNext,
    close: () => closeServer(server)
  }
}
