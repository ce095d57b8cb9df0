// AWS IAM stand-in: the query protocol (form-encoded `POST /`, XML replies) for
// GenerateCredentialReport and GetCredentialReport, and GetPolicy and GetPolicyVersion of AWS
// managed policies. A credential report is per account, so the account comes from the SigV4
// access key: the STS stand-in's AssumeRole issues `ASIA<account id>…` keys.
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
import { accessKeyOf } from './sts.js'
import { renderCredentialReport } from './iam-report.js'
import { answerPolicyRead, loadManagedPolicies } from './iam-policies.js'

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/'
// IAM hands out the same report for four hours, then it expires and a new one must be generated.
const REPORT_TTL_MS = 4 * 3600_000
const MEMBER_KEY = /^ASIA(\d{12})/
const POLICY_READS = ['GetPolicy', 'GetPolicyVersion']
// Codes and statuses as in IAM's model (awsQueryError traits).
const ERRORS = {
  ReportNotPresent: [
    410,
    'Credential report does not exist. To generate a credential report, use GenerateCredentialReport.'
  ],
  ReportExpired: [
    410,
    'The most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.'
  ],
  ReportInProgress: [404, 'The credential report is still being generated.'],
  LimitExceeded: [
    409,
    'The request was rejected because it attempted to create resources beyond the current AWS account limits.'
  ]
}

/**
 * @typedef {object} IamKnobs
 * @property {number} latencyMs
 * @property {number} throttleRate fraction answered with `Throttling` "Rate exceeded"
 * @property {number} seed seeds the report values (and the throttle PRNG)
 * @property {Map<string, number>} inProgressPolls per account: GenerateCredentialReport calls
 *   answering INPROGRESS after STARTED and before COMPLETE (absent: 0)
 * @property {Map<string, number>} limitExceededAccounts per account: how many of the next
 *   GenerateCredentialReport calls answer LimitExceeded (counted down)
 * @property {string | null} now the stand-in's clock, ISO (null: real time); reports are dated by it
 * @property {boolean} denyPolicyReads GetPolicy and GetPolicyVersion answer AccessDenied (403)
 * @property {((accountId: string) => boolean) | null} holdReport while it answers true, an account's
 *   report in generation stays INPROGRESS: a slow IAM, released on a condition rather than a clock
 */

/**
 * @param {{ items?: () => object[], knownAccessKey?: (accessKeyId: string) => boolean,
 *   sessionExpired?: (token: unknown) => boolean, knobs?: Partial<IamKnobs> }} [options]
 *   items: the Config items users are taken from; knownAccessKey: keys STS issued (default: any
 *   `ASIA<account>` key); sessionExpired: whether a session token has expired (default: never)
 */
export async function startIam(options = {}) {
  /** @type {IamKnobs} */
  const knobs = {
    latencyMs: 0,
    throttleRate: 0,
    seed: 1,
    inProgressPolls: new Map(),
    limitExceededAccounts: new Map(),
    now: null,
    denyPolicyReads: false,
    holdReport: null,
    ...options.knobs
  }
  const items = options.items ?? (() => [])
  const knownAccessKey = options.knownAccessKey ?? (() => true)
  const sessionExpired = options.sessionExpired ?? (() => false)
  /** @type {Record<string, any>[]} */
  const requests = []
  const faults = createFaults(knobs)
  /** @type {Map<string, { pollsLeft: number, generatedAt?: number, csv?: string }>} */
  const reports = new Map()
  const now = () => (knobs.now === null ? Date.now() : Date.parse(knobs.now))
  const policies = loadManagedPolicies()
  /** Requests per policy operation, whatever they were answered. */
  const policyCalls = { GetPolicy: 0, GetPolicyVersion: 0 }

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
  /** @param {import('node:http').ServerResponse} res @param {keyof typeof ERRORS} code */
  const failWith = (res, code) => fail(res, code, ERRORS[code][1], ERRORS[code][0])
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
  /** @param {string} value @param {string} description */
  const state = (value, description) =>
    `<State>${value}</State><Description>${xmlEscape(description)}</Description>`

  /** @param {string} account @param {import('node:http').ServerResponse} res */
  const generate = (account, res) => {
    const limited = knobs.limitExceededAccounts.get(account) ?? 0
    if (limited > 0) {
      knobs.limitExceededAccounts.set(account, limited - 1)
      return failWith(res, 'LimitExceeded')
    }
    const report = reports.get(account)
    const fresh = report?.generatedAt !== undefined && now() - report.generatedAt <= REPORT_TTL_MS
    if (!report || (report.generatedAt !== undefined && !fresh)) {
      reports.set(account, { pollsLeft: knobs.inProgressPolls.get(account) ?? 0 })
      return reply(
        res,
        'GenerateCredentialReport',
        state('STARTED', 'No report exists. Starting a new report generation task')
      )
    }
    const generating = report.pollsLeft > 0 || knobs.holdReport?.(account)
    if (report.generatedAt === undefined && generating) {
      report.pollsLeft--
      return reply(
        res,
        'GenerateCredentialReport',
        state('INPROGRESS', 'Report generation in progress')
      )
    }
    if (report.generatedAt === undefined) {
      // The report is a snapshot: users created later are not in it, as with IAM.
      report.generatedAt = now()
      report.csv = renderCredentialReport(account, items(), report.generatedAt, knobs.seed)
    }
    return reply(res, 'GenerateCredentialReport', state('COMPLETE', ''))
  }

  /** @param {string} account @param {import('node:http').ServerResponse} res */
  const get = (account, res) => {
    const report = reports.get(account)
    if (!report) return failWith(res, 'ReportNotPresent')
    if (report.generatedAt === undefined || report.csv === undefined)
      return failWith(res, 'ReportInProgress')
    if (now() - report.generatedAt > REPORT_TTL_MS) return failWith(res, 'ReportExpired')
    reply(
      res,
      'GetCredentialReport',
      `<Content>${Buffer.from(report.csv, 'utf8').toString('base64')}</Content>` +
        `<ReportFormat>text/csv</ReportFormat>` +
        `<GeneratedTime>${new Date(report.generatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</GeneratedTime>`
    )
  }

  const server = createServer(async (req, res) => {
    const params = Object.fromEntries(new URLSearchParams((await readBody(req)).toString('utf8')))
    const key = accessKeyOf(req)
    const account = MEMBER_KEY.exec(key ?? '')?.[1]
    const entry = logRequest(
      requests,
      {
        operation: params.Action ?? '',
        method: req.method,
        body: params,
        // Session tokens stay out of the log; only whether one was sent is kept.
        headers: pickHeaders(req, ['content-type', 'authorization']),
        hasSecurityToken: req.headers['x-amz-security-token'] !== undefined
      },
      res
    )
    entry.accountId = account
    const policyRead = POLICY_READS.includes(params.Action ?? '')
    if (policyRead) policyCalls[/** @type {'GetPolicy' | 'GetPolicyVersion'} */ (params.Action)]++
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    if (!key)
      return fail(res, 'MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
    // Policies are read with the action's own session, whatever its key looks like (the knob
    // denyPolicyReads plays a missing permission); a credential report needs a member role's keys.
    if (!policyRead && (!account || !knownAccessKey(key) || !req.headers['x-amz-security-token']))
      return fail(
        res,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403
      )
    if (sessionExpired(req.headers['x-amz-security-token']))
      return fail(res, 'ExpiredToken', 'The security token included in the request is expired', 403)
    const injected = faults.take()
    if (injected)
      return fail(
        res,
        injected.code ?? 'ServiceFailure',
        // A function gets the caller's key and token, as AWS quotes the key in a signature error.
        (typeof injected.message === 'function'
          ? injected.message({ key, token: String(req.headers['x-amz-security-token']) })
          : injected.message) ??
          'The request processing has failed because of an unknown error, exception or failure.',
        injected.status ?? 500
      )
    if (faults.throttled()) return fail(res, 'Throttling', 'Rate exceeded')
    if (req.method !== 'POST' || params.Version !== '2010-05-08')
      return fail(
        res,
        'InvalidAction',
        `Could not find operation ${params.Action} for version ${params.Version}`
      )
    if (params.Action === 'GenerateCredentialReport') return generate(account, res)
    if (params.Action === 'GetCredentialReport') return get(account, res)
    if (policyRead) {
      const answer = answerPolicyRead(policies, params, knobs.denyPolicyReads)
      if ('error' in answer) return fail(res, answer.error[1], answer.error[2], answer.error[0])
      return reply(res, params.Action, answer.result)
    }
    return fail(res, 'InvalidAction', `Could not find operation ${params.Action}`)
  })
  const url = await listen(server)

  return {
    url,
    requests,
    knobs,
    /** Per account: the CSV of the current report, or undefined while none is complete. */
    reportCsv: (/** @type {string} */ account) => reports.get(account)?.csv,
    /** GetPolicy and GetPolicyVersion requests so far, denied and failed ones included. */
    countPolicyCalls: () => ({ ...policyCalls }),
    /** Next `n` requests fail; defaults to HTTP 500 ServiceFailure. */
    failNext: faults.failNext,
    close: () => closeServer(server)
  }
}
