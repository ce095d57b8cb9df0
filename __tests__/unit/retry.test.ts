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
})
