import { memoize } from '@smithy/core/config'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'

// The SDK asks a client's credential provider again once the credentials it holds expire within
// five minutes; until then it signs with what it has.
const SDK_REFRESH_WINDOW_MS = 300_000

/**
 * Credentials that outlive their session: `assume` (a new AssumeRole…) is called again once the
 * session is in its last third, and at most five minutes before its end — the SDK's own window,
 * so for the 15 minutes and more that STS grants it is exactly when the SDK asks. Every client
 * given this provider shares one session, and callers that ask at once share one renewal. A
 * failed renewal fails the request that asked; the next request tries again.
 */
export function renewingCredentials(
  assume: () => Promise<AwsCredentialIdentity>
): AwsCredentialIdentityProvider {
  let renewAt = Infinity
  return memoize(
    async () => {
      const askedAt = Date.now()
      const credentials = await assume()
      const end = credentials.expiration?.getTime() ?? Infinity
      // A third of a session shorter than 15 minutes (only stand-ins issue them) keeps its
      // renewals in proportion, rather than one on every request.
      renewAt = end - Math.min(SDK_REFRESH_WINDOW_MS, (end - askedAt) / 3)
      return credentials
    },
    () => Date.now() >= renewAt,
    credentials => credentials.expiration !== undefined
  )
}
