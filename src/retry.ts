import { errorMessage } from './errors.js'

export interface RetryOptions {
  /** Label for the log line, e.g. `AssumeRoleWithWebIdentity`. */
  readonly label: string
  readonly maxAttempts: number
  /** Give up, with the last error, rather than wait past this long after the first attempt. */
  readonly maxElapsedMs?: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** Full jitter (the default) keeps callers that failed together apart; off, delays double exactly. */
  readonly jitter?: boolean
  readonly shouldRetry: (error: unknown) => boolean
  readonly log?: (message: string) => void
  /** The log line of one retry, in place of `Retry <label>: attempt n of m failed: …`. */
  readonly describeRetry?: (error: unknown, delayMs: number) => string
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
  readonly random?: () => number
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Retries `fn` with exponential backoff while `shouldRetry` says the error is transient. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const deadline = now() + (options.maxElapsedMs ?? Infinity)
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= options.maxAttempts || !options.shouldRetry(error)) throw error
      const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
      const delay = options.jitter === false ? cap : Math.floor(random() * cap)
      if (now() + delay > deadline) throw error
      options.log?.(
        options.describeRetry?.(error, delay) ??
          `Retry ${options.label}: attempt ${attempt} of ${options.maxAttempts} failed: ${errorMessage(error)}; next in ${delay} ms`
      )
      await wait(delay)
    }
  }
}
