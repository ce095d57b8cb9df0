// AWS STS stand-in: the query protocol (form-encoded `POST /`, XML replies) for
// AssumeRoleWithWebIdentity, AssumeRole (signed; member roles) and GetCallerIdentity. Every session
// it issues has its own session token, by which it and the other stand-ins tell an expired one.
import { randomBytes } from 'node:crypto'
import {
  closeServer,
  createFaults,
  createServer,
  listen,
  logRequest,
  pickHeaders,
  randomUUID,
  readBody,
  sendXml,
  sleep,
  xmlEscape
} from './http-util.js'

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

/**
 * @typedef {object} StsKnobs
 * @property {number} latencyMs
 * @property {number} throttleRate fraction answered with `Throttling` "Rate exceeded"
 * @property {number} seed
 * @property {Set<string> | null} allowedRoles role ARNs that may be assumed (null: any)
 * @property {string | ((token: string) => boolean) | null} expectedToken web identity token accepted (null: any)
 * @property {string | null} expectedAudience `aud` claim required in a JWT token (null: not checked)
 * @property {string} accessKeyId key of every AssumeRoleWithWebIdentity session (s3rver accepts only its own)
 * @property {string} secretAccessKey
 * @property {number | null} sessionSeconds sessions expire this long after they are issued,
 *   whatever DurationSeconds asked for (null: as asked)
 * @property {string} accountId account reported by GetCallerIdentity without an assumed role
 * @property {Set<string>} deniedAccounts AssumeRole of any role in these accounts is AccessDenied,
 *   as when the member role is missing or does not trust the caller
 */

/**
 * @typedef {object} AssumedRole
 * @property {string} roleArn
 * @property {string} sessionName
 * @property {number} durationSeconds
 * @property {string} accessKeyId `ASIA<account id><4 chars>`: other stand-ins read the account from it
 * @property {string} sourceAccessKeyId key that signed the AssumeRole call
 * @property {string} expiration
 */

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const AUTH_KEY = /Credential=([^/,\s]+)\//

/** @param {import('node:http').IncomingMessage} req @returns {string | undefined} SigV4 access key id */
export function accessKeyOf(req) {
  return AUTH_KEY.exec(String(req.headers.authorization ?? ''))?.[1]
}

/** @param {string} accountId */
function memberAccessKeyId(accountId) {
  return `ASIA${accountId}${Array.from(randomBytes(4), b => B32[b % 32]).join('')}`
}

/** A long, unmistakable token: tests grep logs for it to prove credentials are never printed. */
function distinctiveSessionToken() {
  return `FwoGZXIvYXdzEStandinSessionToken${randomBytes(96).toString('base64url')}`
}

/** @param {string} token */
function jwtClaims(token) {
  const part = token.split('.')[1]
  if (!part) return undefined
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

const EXPIRED_MESSAGE = 'The security token included in the request is expired'

/** @param {{ knobs?: Partial<StsKnobs> }} [options] */
export async function startSts(options = {}) {
  /** @type {StsKnobs} */
  const knobs = {
    latencyMs: 0,
    throttleRate: 0,
    seed: 1,
    allowedRoles: null,
    expectedToken: null,
    expectedAudience: null,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    sessionSeconds: null,
    accountId: '111111111111',
    deniedAccounts: new Set(),
    ...options.knobs
  }
  /** @type {Record<string, any>[]} */
  const requests = []
  /** @type {{ roleArn: string, sessionName: string, sessionToken: string, expiration: string }[]} */
  const issued = []
  /** @type {AssumedRole[]} */
  const assumed = []
  /** @type {Map<string, number>} session token → when its session ends (epoch ms) */
  const sessionEnds = new Map()
  const faults = createFaults(knobs)

  /**
   * A new session: its token and its expiration as STS writes it, in whole seconds (rounded down:
   * never longer than it was given), which is also the instant from which every stand-in refuses
   * the token.
   * @param {number} durationSeconds
   */
  const newSession = durationSeconds => {
    const sessionToken = distinctiveSessionToken()
    const ends = Date.now() + (knobs.sessionSeconds ?? durationSeconds) * 1000
    const expiration = new Date(Math.floor(ends / 1000) * 1000).toISOString()
    sessionEnds.set(sessionToken, Date.parse(expiration))
    return { sessionToken, expiration: expiration.replace(/\.\d{3}Z$/, 'Z') }
  }
  /** Whether `token` is a session token this STS issued whose session has ended. @param {unknown} token */
  const sessionExpired = token =>
    typeof token === 'string' && Date.now() >= (sessionEnds.get(token) ?? Infinity)

  /** @param {import('node:http').ServerResponse} res @param {string} code @param {string} message */
  const fail = (res, code, message, status = 400) => {
    const requestId = randomUUID()
    sendXml(
      res,
      status,
      `<ErrorResponse xmlns="${NS}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
        `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
      { 'x-amzn-requestid': requestId }
    )
  }
  /** @param {import('node:http').ServerResponse} res @param {string} action @param {string} result */
  const reply = (res, action, result) => {
    const requestId = randomUUID()
    sendXml(
      res,
      200,
      `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
      { 'x-amzn-requestid': requestId }
    )
  }

  /** @param {Record<string, string>} p @param {import('node:http').ServerResponse} res */
  const assumeRoleWithWebIdentity = (p, res) => {
    const roleArn = p.RoleArn ?? ''
    const sessionName = p.RoleSessionName ?? ''
    const token = p.WebIdentityToken ?? ''
    const duration = p.DurationSeconds ? Number(p.DurationSeconds) : 3600
    const role = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn)
    if (!role) return fail(res, 'ValidationError', `${roleArn} is invalid`)
    if (!SESSION_NAME.test(sessionName))
      return fail(
        res,
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
      )
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200)
      return fail(
        res,
        'ValidationError',
        `1 validation error detected: Value '${p.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`
      )
    const expected = knobs.expectedToken
    const tokenOk =
      expected === null || (typeof expected === 'function' ? expected(token) : expected === token)
    if (!tokenOk)
      return fail(
        res,
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)'
      )
    const claims = jwtClaims(token)
    if (knobs.expectedAudience !== null && claims?.aud !== knobs.expectedAudience)
      return fail(res, 'InvalidIdentityToken', 'Incorrect token audience')
    if (knobs.allowedRoles && !knobs.allowedRoles.has(roleArn))
      return fail(res, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    const { sessionToken, expiration } = newSession(duration)
    issued.push({ roleArn, sessionName, sessionToken, expiration })
    const subject = claims?.sub ?? 'repo:acme/security-reports:ref:refs/heads/main'
    reply(
      res,
      'AssumeRoleWithWebIdentity',
      `<Audience>${xmlEscape(claims?.aud ?? 'sts.amazonaws.com')}</Audience>` +
        `<AssumedRoleUser><AssumedRoleId>AROASTANDIN00000000:${xmlEscape(sessionName)}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::${role[1]}:assumed-role/${xmlEscape(role[2])}/${xmlEscape(sessionName)}</Arn></AssumedRoleUser>` +
        `<Provider>arn:aws:iam::${role[1]}:oidc-provider/token.actions.githubusercontent.com</Provider>` +
        `<Credentials><AccessKeyId>${xmlEscape(knobs.accessKeyId)}</AccessKeyId>` +
        `<SecretAccessKey>${xmlEscape(knobs.secretAccessKey)}</SecretAccessKey>` +
        `<SessionToken>${sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<SubjectFromWebIdentityToken>${xmlEscape(subject)}</SubjectFromWebIdentityToken>`
    )
  }

  /** ARN GetCallerIdentity and AccessDenied messages name for a signing key. @param {string | undefined} key */
  const callerOf = key => {
    const member = assumed.find(a => a.accessKeyId === key)
    const last = member ?? issued.at(-1)
    const account = last ? last.roleArn.split(':')[4] : knobs.accountId
    const arn = last
      ? `arn:aws:sts::${account}:assumed-role/${last.roleArn.split('/').at(-1)}/${last.sessionName}`
      : `arn:aws:iam::${account}:user/standin`
    return { account, arn }
  }

  /**
   * Signed with credentials this STS handed out (the static `accessKeyId`, or a key from an
   * earlier AssumeRole: role chaining). Signatures are not verified.
   * @param {Record<string, string>} p @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   */
  const assumeRole = (p, req, res) => {
    const key = accessKeyOf(req)
    if (!key)
      return fail(res, 'MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
    const chained = assumed.find(a => a.accessKeyId === key)
    if (key !== knobs.accessKeyId && !chained)
      return fail(
        res,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403
      )
    const roleArn = p.RoleArn ?? ''
    const sessionName = p.RoleSessionName ?? ''
    const duration = p.DurationSeconds ? Number(p.DurationSeconds) : 3600
    const role = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn)
    if (!role) return fail(res, 'ValidationError', `${roleArn} is invalid`)
    if (!SESSION_NAME.test(sessionName))
      return fail(
        res,
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
      )
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200)
      return fail(
        res,
        'ValidationError',
        `1 validation error detected: Value '${p.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`
      )
    if (chained && duration > 3600)
      return fail(
        res,
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
      )
    if (knobs.deniedAccounts.has(role[1]))
      return fail(
        res,
        'AccessDenied',
        `User: ${callerOf(key).arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403
      )
    const { sessionToken, expiration } = newSession(duration)
    const accessKeyId = memberAccessKeyId(role[1])
    assumed.push({
      roleArn,
      sessionName,
      durationSeconds: duration,
      accessKeyId,
      sourceAccessKeyId: key,
      expiration
    })
    reply(
      res,
      'AssumeRole',
      `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>${randomBytes(30).toString('base64')}</SecretAccessKey>` +
        `<SessionToken>${sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>AROASTANDIN00000000:${xmlEscape(sessionName)}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::${role[1]}:assumed-role/${xmlEscape(role[2])}/${xmlEscape(sessionName)}</Arn></AssumedRoleUser>`
    )
  }

  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString('utf8')
    const params = Object.fromEntries(new URLSearchParams(raw))
    const loggable = { ...params }
    delete loggable.WebIdentityToken
    const entry = logRequest(
      requests,
      {
        operation: params.Action ?? '',
        body: loggable,
        headers: pickHeaders(req, ['content-type', 'authorization', 'x-amz-security-token'])
      },
      res
    )
    // The token is kept out of `body` so a test that prints the log cannot leak it; its presence is recorded.
    entry.hasWebIdentityToken = params.WebIdentityToken !== undefined
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    // STS and IAM answer an expired session with `ExpiredToken` and 403 (the model's
    // ExpiredTokenException, 400, is AssumeRoleWithWebIdentity's answer to an expired OIDC token).
    if (sessionExpired(req.headers['x-amz-security-token']))
      return fail(res, 'ExpiredToken', EXPIRED_MESSAGE, 403)
    const injected = faults.take()
    if (injected)
      return fail(
        res,
        injected.code ?? 'IDPCommunicationError',
        injected.message ??
          "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        injected.status ?? 400
      )
    if (faults.throttled()) return fail(res, 'Throttling', 'Rate exceeded')
    if (params.Version !== '2011-06-15')
      return fail(res, 'InvalidAction', 'Could not find operation for version ' + params.Version)
    if (params.Action === 'AssumeRoleWithWebIdentity') return assumeRoleWithWebIdentity(params, res)
    if (params.Action === 'AssumeRole') return assumeRole(params, req, res)
    if (params.Action === 'GetCallerIdentity') {
      const { account, arn } = callerOf(accessKeyOf(req))
      return reply(
        res,
        'GetCallerIdentity',
        `<Arn>${xmlEscape(arn)}</Arn><UserId>AIDASTANDIN00000000</UserId><Account>${account}</Account>`
      )
    }
    return fail(res, 'InvalidAction', `Could not find operation ${params.Action}`)
  })
  const url = await listen(server)

  return {
    url,
    requests,
    knobs,
    /** Successful AssumeRoleWithWebIdentity calls, oldest first, with the session token (tests check logs for it). */
    issued,
    /** Successful AssumeRole calls (member roles), oldest first; their secrets are not kept. */
    assumed,
    /** Next `n` requests fail; defaults to HTTP 400 IDPCommunicationError. */
    failNext: faults.failNext,
    /** Whether a request carrying this x-amz-security-token is refused as expired. */
    sessionExpired,
    close: () => closeServer(server)
  }
}
