import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { MAX_RATE_LIMIT_WAIT_SECONDS } from './rate-limit.js'

export type Octokit = ReturnType<typeof getOctokit>

/**
 * An Octokit that retries server errors twice, and waits out a rate limit (twice at most) only
 * when it lifts within a minute; otherwise the call fails at once and its caller says when the
 * limit resets.
 */
export function createOctokit(token: string, log: (message: string) => void): Octokit {
  return getOctokit(
    token,
    {
      throttle: {
        onRateLimit: waitOutIfNear('rate limit', log),
        onSecondaryRateLimit: waitOutIfNear('secondary rate limit', log)
      },
      // Two retries (after 1 s and 4 s): a GitHub outage longer than that fails the step, and latest.* stays.
      // A 429 is a rate limit: the throttling handler alone decides whether it is worth waiting for.
      retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] }
    },
    retry,
    throttling
  )
}

/** A throttling-plugin handler: true (retry after `retryAfter` seconds) when the wait is short. */
function waitOutIfNear(kind: string, log: (message: string) => void) {
  return (
    retryAfter: number,
    options: { method: string; url: string },
    _octokit: unknown,
    retryCount: number
  ): boolean => {
    const call = `${options.method} ${options.url}`
    if (retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS) {
      log(
        `GitHub ${kind} on ${call}: it lifts in ${retryAfter}s, more than the ${MAX_RATE_LIMIT_WAIT_SECONDS}s worth waiting for`
      )
      return false
    }
    if (retryCount >= 2) {
      log(`GitHub ${kind} on ${call}: still limited after waiting twice`)
      return false
    }
    log(`GitHub ${kind} on ${call}; retrying after ${retryAfter}s`)
    return true
  }
}
