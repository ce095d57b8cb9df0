import { mapConcurrently } from '../../src/concurrency.js'
import { sleep } from '../../src/retry.js'

describe('mapConcurrently', () => {
  it('returns results in the order of the items, never running more than the limit', async () => {
    let running = 0
    let most = 0
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0], 3, async n => {
      most = Math.max(most, ++running)
      await sleep(n * 2)
      running--
      return n * 10
    })
    expect(results).toEqual([50, 10, 40, 20, 30, 0])
    expect(most).toBe(3)
  })

  it('handles no items', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([])
  })

  it('starts nothing after a failure, aborts the others and rethrows once they stop', async () => {
    const started: number[] = []
    let stoppedAfterAbort = false
    const run = mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (n, signal) => {
      started.push(n)
      if (n === 0) {
        await sleep(1)
        throw new Error('shard 0 failed')
      }
      await sleep(20)
      stoppedAfterAbort = signal.aborted
      return n
    })
    await expect(run).rejects.toThrow('shard 0 failed')
    expect(started).toEqual([0, 1])
    expect(stoppedAfterAbort).toBe(true)
  })
})
