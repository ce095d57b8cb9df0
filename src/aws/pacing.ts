import type { FinalizeRequestMiddleware, Pluggable } from '@smithy/types'
import { isThrottling } from '../errors.js'

/** What the middleware needs from a rate limiter. */
export interface RequestPacer {
  /** Resolves when a request may be sent, with the send time. */
  acquire(): Promise<number>
  onThrottle(sentAt: number): void
}

/**
 * Paces every HTTP attempt and reports every throttle to the pacer. It sits after the SDK's retry
 * middleware (finalizeRequest, low priority), so the SDK keeps retrying throttled requests with its
 * own backoff while each retry also waits for a token, and no throttle goes unseen: the SDK would
 * otherwise swallow the throttles it retried through.
 */
export function pacedRequests<Input extends object, Output extends object>(
  pacer: RequestPacer
): Pluggable<Input, Output> {
  const middleware: FinalizeRequestMiddleware<Input, Output> = next => async args => {
    const sentAt = await pacer.acquire()
    try {
      return await next(args)
    } catch (error) {
      if (isThrottling(error)) pacer.onThrottle(sentAt)
      throw error
    }
  }
  return {
    applyToStack: stack =>
      stack.add(middleware, {
        step: 'finalizeRequest',
        priority: 'low',
        name: 'iamUserReportPacing'
      })
  }
}
