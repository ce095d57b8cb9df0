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

/** One or more destinations failed; the others were still attempted. */
export class DestinationError extends Error {
  override name = 'DestinationError'
  constructor(readonly failures: readonly string[]) {
    super(
      `${failures.length} destination(s) failed: ${failures.join('; ')}. ` +
        'The report is still on the runner and in every destination that succeeded; latest.* was not moved, so a re-run diffs against the same baseline.'
    )
  }
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

/** The SDK's error code (`name`), or '' for non-SDK errors. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown }
    for (const v of [e.Code, e.code, e.name]) if (typeof v === 'string' && v !== 'Error') return v
  }
  return ''
}

/** HTTP status of an SDK or octokit error, if it has one. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const e = error as { $metadata?: { httpStatusCode?: number }; status?: unknown }
  if (typeof e.status === 'number') return e.status
  return e.$metadata?.httpStatusCode
}

/** Every code an error carries: the SDK keeps the wire code in `Code` and the model's in `name`. */
export function errorCodes(error: unknown): string[] {
  return [errorCode(error), (error as Error)?.name ?? '']
}

export function isAccessDenied(error: unknown): boolean {
  return errorCodes(error).some(c => c === 'AccessDenied' || c === 'AccessDeniedException')
}

/** `code: message`, or the message alone when it has no separate code. */
export function describeError(error: unknown): string {
  const code = errorCode(error)
  const message = errorMessage(error)
  return code && code !== message ? `${code}: ${message}` : message
}
