// AWS Organizations stand-in: AWS JSON 1.1, `X-Amz-Target: AWSOrganizationsV20161128.ListAccounts`.
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

const TARGET = 'AWSOrganizationsV20161128.'
const MAX_RESULTS = 20

/**
 * @typedef {object} OrganizationsKnobs
 * @property {number} latencyMs
 * @property {number} throttleRate fraction answered with TooManyRequestsException
 * @property {number} seed
 * @property {number | null} emptyPageAfter page index (0-based) answered with no accounts but a
 *   NextToken, as real Organizations sometimes does (null: never)
 * @property {'AccessDeniedException' | 'AWSOrganizationsNotInUseException' | null} deny
 */

const DENY_MESSAGES = {
  AccessDeniedException: "You don't have permissions to access this resource.",
  AWSOrganizationsNotInUseException: 'Your account is not a member of an organization.'
}

/**
 * @typedef {{ id: string, name: string, email?: string, state?: string, joinedMethod?: string, joinedAt?: string }} AccountSeed
 */

/**
 * @param {{ accounts?: AccountSeed[], knobs?: Partial<OrganizationsKnobs>,
 *   sessionExpired?: (token: unknown) => boolean }} [options] sessionExpired: whether a session
 *   token has expired (STS knows; default: never)
 */
export async function startOrganizations(options = {}) {
  /** @type {OrganizationsKnobs} */
  const knobs = {
    latencyMs: 0,
    throttleRate: 0,
    seed: 1,
    emptyPageAfter: null,
    deny: null,
    ...options.knobs
  }
  /** @type {Record<string, any>[]} */
  const requests = []
  const faults = createFaults(knobs)
  const tokens = createTokenSigner()
  const sessionExpired = options.sessionExpired ?? (() => false)
  /** @type {object[]} */
  let accounts = []

  /** @param {AccountSeed[]} list */
  const setAccounts = list => {
    accounts = list.map((a, k) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${list[0].id}:account/o-standin0001/${a.id}`,
      Email: a.email ?? `aws+${a.id}@example.com`,
      Name: a.name,
      State: a.state ?? 'ACTIVE',
      JoinedMethod: a.joinedMethod ?? (k === 0 ? 'INVITED' : 'CREATED'),
      // JSON 1.1 timestamps travel as epoch seconds.
      JoinedTimestamp: a.joinedAt ? Date.parse(a.joinedAt) / 1000 : 1614556800 + k * 86400
    }))
  }
  setAccounts(options.accounts ?? [])

  /** @param {import('node:http').ServerResponse} res @param {string} code @param {string} message */
  const fail = (res, code, message, status = 400) => {
    const text = JSON.stringify({ __type: code, Message: message, message })
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      'x-amzn-errortype': `${code}:`
    })
    res.end(text)
  }

  const server = createServer(async (req, res) => {
    const raw = (await readBody(req)).toString('utf8')
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.startsWith(TARGET) ? target.slice(TARGET.length) : target
    const body = raw ? JSON.parse(raw) : {}
    logRequest(
      requests,
      {
        operation,
        body,
        headers: pickHeaders(req, ['x-amz-target', 'authorization', 'x-amz-security-token'])
      },
      res
    )
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    if (sessionExpired(req.headers['x-amz-security-token']))
      return fail(
        res,
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    if (operation !== 'ListAccounts')
      return fail(res, 'UnknownOperationException', `Unknown operation ${target}`)
    const injected = faults.take()
    if (injected)
      return fail(
        res,
        injected.code ?? 'ServiceException',
        injected.message ??
          "AWS Organizations can't complete your request because of an internal service error. Try again later.",
        injected.status ?? 500
      )
    if (faults.throttled())
      return fail(
        res,
        'TooManyRequestsException',
        "AWS Organizations can't complete your request because another request is already in progress. Try again later."
      )
    if (knobs.deny) return fail(res, knobs.deny, DENY_MESSAGES[knobs.deny] ?? 'Denied')
    const max = body.MaxResults ?? MAX_RESULTS
    if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
      return fail(
        res,
        'InvalidInputException',
        `You provided a value that does not match the required pattern. MaxResults must be between 1 and ${MAX_RESULTS}.`
      )
    let offset = 0
    let page = 0
    if (body.NextToken !== undefined) {
      const token = tokens.verify(body.NextToken)
      if (!token) return fail(res, 'InvalidInputException', 'The provided token is not valid.')
      offset = token.o
      page = token.p
    }
    const empty = knobs.emptyPageAfter !== null && page === knobs.emptyPageAfter
    const slice = empty ? [] : accounts.slice(offset, offset + max)
    const next = offset + slice.length
    const reply = {
      Accounts: slice,
      ...(next < accounts.length || empty
        ? { NextToken: tokens.sign({ o: next, p: page + 1 }) }
        : {})
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
    setAccounts,
    failNext: faults.failNext,
    close: () => closeServer(server)
  }
}
