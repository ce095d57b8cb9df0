// Expected failures: each message says what failed and how to fix it; main.ts prints it without a stack.

export class InputError extends Error {
  override name = 'InputError'
}

export class AuthError extends Error {
  override name = 'AuthError'
}

export class AwsQueryError extends Error {
  override name = 'AwsQueryError'
}

export class GitHubError extends Error {
  override name = 'GitHubError'
}

/**
 * Something failed after the report was made (the baseline, lost data, a destination); every
 * destination was still attempted.
 */
export class DestinationError extends Error {
  override name = 'DestinationError'
  constructor(readonly failures: readonly string[]) {
    const what = failures.length === 1 ? '1 step' : `${failures.length} steps`
    super(
      `${what} failed after the report was made: ${failures.map(withoutFullStop).join('; ')}. ` +
        'The report is still on the runner and in every destination that succeeded; latest.* was not moved, so a re-run diffs against the same baseline.'
    )
  }
}

function withoutFullStop(text: string): string {
  return text.replace(/\.+$/, '')
}

const EXPECTED = new Set([
  'InputError',
  'AuthError',
  'AwsQueryError',
  'GitHubError',
  'DestinationError'
])

export function isExpected(error: unknown): boolean {
  return error instanceof Error && EXPECTED.has(error.name)
}

/** The one normaliser of unknown errors into text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}

/** The SDK's error code (`Code`, else `code`, else `name`), or '' for non-SDK errors. */
export function errorCode(error: unknown): string {
  return errorCodes(error)[0] ?? ''
}

/**
 * Every code an error carries: the SDK keeps the wire code in `Code` (`IDPCommunicationError`) and
 * the model's name in `name` (`IDPCommunicationErrorException`); Node keeps `ECONNRESET` in `code`.
 */
function errorCodes(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return []
  const e = error as { name?: unknown; Code?: unknown; code?: unknown }
  return [e.Code, e.code, e.name].filter(
    (v): v is string => typeof v === 'string' && v !== '' && v !== 'Error'
  )
}

/** HTTP status of an SDK or octokit error, if it has one. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const e = error as { $metadata?: { httpStatusCode?: number }; status?: unknown }
  if (typeof e.status === 'number') return e.status
  return e.$metadata?.httpStatusCode
}

/** Whether any of the error's codes is one of `codes`: for the few codes only one service sends. */
export function hasCode(error: unknown, ...codes: string[]): boolean {
  return errorCodes(error).some(c => codes.includes(c))
}

/**
 * The AWS and network error codes the action classifies. Both spellings are listed where the
 * wire code and the SDK's model name differ. Codes of one service only (Organizations not in use,
 * IAM's credential report not ready) stay with that service's adapter.
 */
const ERROR_CODES = {
  throttling: [
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded'
  ],
  transient: [
    'IDPCommunicationError',
    'IDPCommunicationErrorException',
    'ServiceUnavailable',
    'InternalFailure',
    'TimeoutError',
    'RequestTimeout',
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE'
  ],
  denied: ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'],
  notFound: [
    'NoSuchKey',
    'NoSuchBucket',
    'NoSuchConfigurationAggregatorException',
    'NoSuchEntity',
    'NoSuchEntityException'
  ],
  expiredCredentials: ['ExpiredToken', 'ExpiredTokenException']
} as const satisfies Record<string, readonly string[]>

export function isThrottling(error: unknown): boolean {
  return hasCode(error, ...ERROR_CODES.throttling) || httpStatus(error) === 429
}

/** Worth another attempt: throttling, a transient service or network failure, or any 5xx. */
export function isRetryable(error: unknown): boolean {
  return (
    isThrottling(error) ||
    hasCode(error, ...ERROR_CODES.transient) ||
    (httpStatus(error) ?? 0) >= 500
  )
}

/**
 * A denial by code. A bare HTTP 403 is not enough for AWS APIs: STS and IAM also answer 403 for a
 * bad signature or an unknown key, which no policy change fixes.
 */
export function isAccessDenied(error: unknown): boolean {
  return hasCode(error, ...ERROR_CODES.denied)
}

/** A denial by code or by HTTP 403: S3 and GitHub may answer a denial with the status alone. */
export function isForbidden(error: unknown): boolean {
  return isAccessDenied(error) || httpStatus(error) === 403
}

export function isNotFound(error: unknown): boolean {
  return hasCode(error, ...ERROR_CODES.notFound)
}

/** The session ended: neither retrying nor a policy change helps, new credentials do. */
export function isExpiredCredentials(error: unknown): boolean {
  return hasCode(error, ...ERROR_CODES.expiredCredentials)
}

/** `code: message`, or the message alone when it has no separate code. */
export function describeError(error: unknown): string {
  const code = errorCode(error)
  const message = errorMessage(error)
  return code && code !== message ? `${code}: ${message}` : message
}
