/**
 * `task` over every item, at most `limit` at a time, results in the items' order. The first
 * failure aborts the signal passed to the other tasks, starts nothing new, and is rethrown once
 * the running tasks have stopped, so no request is left in flight behind a failed run.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, signal: AbortSignal) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  const controller = new AbortController()
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const index = next++
      try {
        results[index] = await task(items[index] as T, controller.signal)
      } catch (error) {
        failure ??= { error }
        controller.abort()
      }
    }
  }
  const workers = Math.max(1, Math.min(limit, items.length))
  await Promise.all(Array.from({ length: workers }, worker))
  if (failure !== undefined) throw failure.error
  return results
}
