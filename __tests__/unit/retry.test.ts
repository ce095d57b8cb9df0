import { withRetry } from '../../src/retry.js'

const noWait = { sleep: async () => undefined, random: () => 0.5 }

describe('withRetry', () => {
  it('retries transient errors until success and logs labelled attempts', async () => {
    const log: string[] = []
    let calls = 0
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw new Error('flaky')
        return 'ok'
      },
      {
        label: 'Op',
        maxAttempts: 5,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        shouldRetry: () => true,
        log: m => log.push(m),
        ...noWait
      }
    )
    expect(value).toBe('ok')
    expect(calls).toBe(3)
    expect(log[0]).toMatch(/^Retry Op: attempt 1 of 5 failed: flaky/)
  })

  it('does not retry errors the predicate rejects', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw new Error('denied')
        },
        {
          label: 'Op',
          maxAttempts: 5,
          baseDelayMs: 1,
          maxDelayMs: 1,
          shouldRetry: () => false,
          ...noWait
        }
      )
    ).rejects.toThrow('denied')
    expect(calls).toBe(1)
  })

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          throw new Error(`fail ${++calls}`)
        },
        {
          label: 'Op',
          maxAttempts: 4,
          baseDelayMs: 1,
          maxDelayMs: 1,
          shouldRetry: () => true,
          ...noWait
        }
      )
    ).rejects.toThrow('fail 4')
  })

  it('waits with full jitter capped by maxDelayMs', async () => {
    const waits: number[] = []
    await expect(
      withRetry(
        async () => {
          throw new Error('x')
        },
        {
          label: 'Op',
          maxAttempts: 6,
          baseDelayMs: 100,
          maxDelayMs: 1000,
          shouldRetry: () => true,
          sleep: async ms => void waits.push(ms),
          random: () => 0.999
        }
      )
    ).rejects.toThrow()
    expect(waits).toEqual([99, 199, 399, 799, 999])
  })

  it('gives up with the last error rather than wait past maxElapsedMs', async () => {
    let clock = 0
    const waits: number[] = []
    let calls = 0
    await expect(
      withRetry(
        async () => {
          throw new Error(`not yet ${++calls}`)
        },
        {
          label: 'Poll',
          maxAttempts: Infinity,
          maxElapsedMs: 10_000,
          baseDelayMs: 1000,
          maxDelayMs: 4000,
          jitter: false,
          shouldRetry: () => true,
          sleep: async ms => void (waits.push(ms), (clock += ms)),
          now: () => clock
        }
      )
    ).rejects.toThrow('not yet 4')
    // 1 + 2 + 4 s waited; another 4 s would end past the 10 s.
    expect(waits).toEqual([1000, 2000, 4000])
  })

  it('doubles the delay exactly without jitter, up to maxDelayMs', async () => {
    const waits: number[] = []
    await expect(
      withRetry(
        async () => {
          throw new Error('x')
        },
        {
          label: 'Op',
          maxAttempts: 6,
          baseDelayMs: 1000,
          maxDelayMs: 8000,
          jitter: false,
          shouldRetry: () => true,
          sleep: async ms => void waits.push(ms),
          random: () => 0
        }
      )
    ).rejects.toThrow()
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000])
  })

  it('logs the caller’s own line for each retry when it gives one', async () => {
    const log: string[] = []
    let calls = 0
    await withRetry(
      async () => {
        if (++calls < 2) throw new Error('INPROGRESS')
        return 'done'
      },
      {
        label: 'Poll',
        maxAttempts: 3,
        baseDelayMs: 100,
        maxDelayMs: 100,
        jitter: false,
        shouldRetry: () => true,
        log: m => log.push(m),
        describeRetry: (error, delay) => `still ${(error as Error).message}; again in ${delay} ms`,
        ...noWait
      }
    )
    expect(log).toEqual(['still INPROGRESS; again in 100 ms'])
  })
})
