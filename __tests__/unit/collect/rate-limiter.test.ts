import { AdaptiveRateLimiter, type Clock } from '../../../src/collect/rate-limiter.js'

/** Virtual time: sleeping moves the clock on at once, so a test of minutes runs in microseconds. */
function virtualClock(): Clock & { advance(ms: number): void } {
  let now = 0
  return {
    now: () => now,
    sleep: async ms => {
      now += ms
    },
    advance: ms => {
      now += ms
    }
  }
}

const options = { maxRate: 8, minRate: 0.5, burst: 1, backoff: 0.7, recoveryPerSecond: 0.4 }

describe('AdaptiveRateLimiter', () => {
  it('lets requests go no faster than the rate, in the order they asked', async () => {
    const clock = virtualClock()
    const limiter = new AdaptiveRateLimiter({ ...options, clock })
    const sent = await Promise.all(Array.from({ length: 17 }, () => limiter.acquire()))
    // One at once (the burst), then one every 125 ms.
    expect(sent).toEqual(Array.from({ length: 17 }, (_, i) => i * 125))
  })

  it('sends a burst after a quiet spell, then paces again', async () => {
    const clock = virtualClock()
    const limiter = new AdaptiveRateLimiter({ ...options, burst: 3, clock })
    clock.advance(10_000)
    const sent = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()))
    expect(sent).toEqual([10_000, 10_000, 10_000, 10_125, 10_250])
  })

  it('backs off on a throttle, once for requests that were in flight together', async () => {
    const clock = virtualClock()
    const limiter = new AdaptiveRateLimiter({ ...options, clock })
    const inFlight = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()])
    for (const sentAt of inFlight) limiter.onThrottle(sentAt)
    expect(limiter.currentRate).toBeCloseTo(8 * 0.7)
    expect(limiter.throttles).toBe(3)
    // A request sent at the lowered rate that is throttled again lowers it again.
    limiter.onThrottle(await limiter.acquire())
    expect(limiter.currentRate).toBeCloseTo(8 * 0.7 * 0.7, 1)
  })

  it('paces at the lowered rate after a throttle', async () => {
    const clock = virtualClock()
    const limiter = new AdaptiveRateLimiter({ ...options, recoveryPerSecond: 0, clock })
    limiter.onThrottle(await limiter.acquire())
    limiter.onThrottle(await limiter.acquire())
    const rate = limiter.currentRate
    const sent = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()))
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!)
    for (const gap of gaps) expect(gap).toBeCloseTo(1000 / rate)
  })

  it('recovers slowly, up to the highest rate and no further', async () => {
    const clock = virtualClock()
    const limiter = new AdaptiveRateLimiter({ ...options, clock })
    limiter.onThrottle(await limiter.acquire())
    expect(limiter.currentRate).toBeCloseTo(5.6)
    clock.advance(2_000)
    expect(limiter.currentRate).toBeCloseTo(5.6 + 2 * 0.4)
    clock.advance(60_000)
    expect(limiter.currentRate).toBe(8)
  })

  it('never drops below the lowest rate', async () => {
    const clock = virtualClock()
    const limiter = new AdaptiveRateLimiter({ ...options, recoveryPerSecond: 0, clock })
    for (let i = 0; i < 30; i++) limiter.onThrottle(await limiter.acquire())
    expect(limiter.currentRate).toBe(0.5)
  })
})
