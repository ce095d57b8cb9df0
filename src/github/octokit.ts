import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type Octokit = ReturnType<typeof getOctokit>

/** An Octokit that retries server errors and waits out rate limits, twice each. */
export function createOctokit(token: string, log: (message: string) => void): Octokit {
  return getOctokit(
    token,
    {
      throttle: {
        onRateLimit: waitOut('rate limit', log),
        onSecondaryRateLimit: waitOut('secondary rate limit', log)
      },
      // Two retries (after 1 s and 4 s): a GitHub outage longer than that fails the step, and latest.* stays.
      retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 410, 422, 451] }
    },
    retry,
    throttling
  )
}

/** A throttling-plugin handler: log the wait, and wait at most twice. */
function waitOut(kind: string, log: (message: string) => void) {
  return (
    retryAfter: number,
    options: { method: string; url: string },
    _octokit: unknown,
    retryCount: number
  ): boolean => {
    log(`GitHub ${kind} on ${options.method} ${options.url}; retrying after ${retryAfter}s`)
    return retryCount < 2
  }
}
