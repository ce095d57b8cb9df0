import { describeRateLimit } from '../../../src/github/rate-limit.js'

/** An Octokit error as it reaches us: status, message and the response headers. */
function httpError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { name: 'HttpError', status, response: { headers } })
}
const NOW = Date.UTC(2026, 11, 1, 9, 0)

describe('describeRateLimit', () => {
  it('says when the primary limit resets, from x-ratelimit-reset', () => {
    const reset = String(Date.UTC(2026, 11, 1, 9, 30) / 1000)
    expect(
      describeRateLimit(
        httpError(429, 'Too Many Requests', { 'x-ratelimit-reset': reset }),
        'the issue',
        NOW
      )
    ).toBe(
      "GitHub's rate limit was hit on the issue (HTTP 429: Too Many Requests), not a missing permission: it resets at 2026-12-01T09:30:00.000Z; run again after that."
    )
  })

  it('says when a secondary limit lifts, from retry-after', () => {
    const error = httpError(403, 'You have exceeded a secondary rate limit', {
      'retry-after': '120'
    })
    expect(describeRateLimit(error, 'the issue', NOW)).toMatch(
      /not a missing permission: it resets at 2026-12-01T09:02:00.000Z; run again after that\.$/
    )
  })

  it('is nothing for a 403 with requests left, or for any other status', () => {
    const denied = httpError(403, 'Resource not accessible by integration', {
      'x-ratelimit-remaining': '4999'
    })
    expect(describeRateLimit(denied, 'the issue', NOW)).toBeUndefined()
    expect(describeRateLimit(httpError(500, 'rate limit'), 'the issue', NOW)).toBeUndefined()
  })
})
