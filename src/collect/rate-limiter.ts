import { performance } from 'node:perf_hooks'
import { sleep } from '../retry.js'

/** Milliseconds and a way to wait, injected so that tests run on a virtual clock. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export interface RateLimiterOptions {
  /** Requests per second at the start, and the most the rate ever recovers to. */
  readonly maxRate: number
  /** The rate never drops below this, however often the service throttles. */
  readonly minRate: number
  /** Requests that may leave back to back after a quiet spell. */
  readonly burst: number
  /** Factor (0–1) the rate is multiplied by when the service throttles. */
  readonly backoff: number
  /** Requests per second the rate regains for every second without a throttle. */
  readonly recoveryPerSecond: number
  readonly clock?: Clock
}

const REAL_CLOCK: Clock = { now: () => performance.now(), sleep }

/**
 * A token bucket shared by every concurrent query, whose refill rate backs off multiplicatively
 * when the service throttles and recovers additively (AIMD, as TCP does): AWS publishes no rate for
 * Config's Select APIs, so the limit is found by probing it gently. Each caller reserves the next
 * token at once and sleeps until it is due, so waiters leave in order and timer lateness never
 * loses a token.
 */
export class AdaptiveRateLimiter {
  private readonly clock: Clock
  private rate: number
  private tokens: number
  private updatedAt: number
  private lastCutAt = -Infinity
  private throttleCount = 0

  constructor(private readonly options: RateLimiterOptions) {
    this.clock = options.clock ?? REAL_CLOCK
    this.rate = options.maxRate
    this.tokens = options.burst
    this.updatedAt = this.clock.now()
  }

  /** Requests per second allowed right now. */
  get currentRate(): number {
    this.refill()
    return this.rate
  }

  /** Throttles reported so far, including those that did not lower the rate. */
  get throttles(): number {
    return this.throttleCount
  }

  /** Waits until a request may be sent; returns the time it was let go, for `onThrottle`. */
  async acquire(): Promise<number> {
    this.refill()
    this.tokens -= 1
    const wait = this.tokens < 0 ? (-this.tokens / this.rate) * 1000 : 0
    const sendAt = this.updatedAt + wait
    if (wait > 0) await this.clock.sleep(wait)
    return sendAt
  }

  /**
   * The service throttled a request sent at `sentAt`. Requests that were already in flight when
   * the rate was last lowered were paced at the old rate, so their throttles do not lower it again:
   * one burst of concurrent throttles is one signal, not four.
   */
  onThrottle(sentAt: number): void {
    this.throttleCount++
    if (sentAt <= this.lastCutAt) return
    this.refill()
    this.rate = Math.max(this.options.minRate, this.rate * this.options.backoff)
    this.tokens = Math.min(this.tokens, 0)
    this.lastCutAt = this.clock.now()
  }

  private refill(): void {
    const now = this.clock.now()
    const seconds = Math.max(0, now - this.updatedAt) / 1000
    this.updatedAt = now
    this.tokens = Math.min(this.options.burst, this.tokens + seconds * this.rate)
    this.rate = Math.min(this.options.maxRate, this.rate + seconds * this.options.recoveryPerSecond)
  }
}
