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
        onRateLimit: (
          retryAfter: number,
          options: { method: string; url: string },
          _o: unknown,
          retryCount: number
        ) => {
          log(
            `GitHub rate limit on ${options.method} ${options.url}; retrying after ${retryAfter}s`
          )
          return retryCount < 2
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          options: { method: string; url: string },
          _o: unknown,
          retryCount: number
        ) => {
          log(
            `GitHub secondary rate limit on ${options.method} ${options.url}; retrying after ${retryAfter}s`
          )
          return retryCount < 2
        }
      },
      // Two retries (after 1 s and 4 s): a GitHub outage longer than that fails the step, and latest.* stays.
      retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 410, 422, 451] }
    },
    retry,
    throttling
  )
}
