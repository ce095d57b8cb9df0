import { errorMessage, httpStatus } from '../errors.js'

/**
 * GitHub's rate limit is waited out only when it lifts within this many seconds. The primary
 * limit resets once an hour: sleeping through it would hold the job for up to an hour and then
 * fail all the same, since a monthly report has no reason to hurry.
 */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60

/**
 * The line a user sees when GitHub's rate limit stopped a call `on` something, or undefined
 * when `error` is not a rate limit. GitHub answers its rate limit with 403 (or 429), like a
 * missing permission, so the line says which it is: no permission would fix it.
 */
export function describeRateLimit(
  error: unknown,
  on: string,
  now: number = Date.now()
): string | undefined {
  const status = httpStatus(error)
  if (status !== 403 && status !== 429) return undefined
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers
  const hit =
    status === 429 ||
    String(headers?.['x-ratelimit-remaining']) === '0' ||
    /rate limit/i.test(errorMessage(error))
  if (!hit) return undefined
  const resetAt = resetTime(headers, now)
  return `GitHub's rate limit was hit on ${on} (HTTP ${status}: ${errorMessage(error)}), not a missing permission: ${resetAt ? `it resets at ${resetAt}; run again after that` : 'run again later'}.`
}

/**
 * When the limit lifts: the primary limit says so in `x-ratelimit-reset` (epoch seconds), the
 * secondary one in `retry-after` (seconds from now).
 */
function resetTime(headers: Record<string, unknown> | undefined, now: number): string | undefined {
  const reset = Number(headers?.['x-ratelimit-reset'])
  if (reset > 0) return new Date(reset * 1000).toISOString()
  const retryAfter = Number(headers?.['retry-after'])
  if (retryAfter > 0) return new Date(now + retryAfter * 1000).toISOString()
  return undefined
}
