import { errorMessage } from './errors.js'

export interface RetryOptions {
  /** Label for the log line, e.g. `AssumeRoleWithWebIdentity`. */
  readonly label: string
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly shouldRetry: (error: unknown) => boolean
  readonly log?: (message: string) => void
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Retries `fn` with full-jitter exponential backoff while `shouldRetry` says the error is transient. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep
  const random = options.random ?? Math.random
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= options.maxAttempts || !options.shouldRetry(error)) throw error
      const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
      const delay = Math.floor(random() * cap)
      options.log?.(
        `Retry ${options.label}: attempt ${attempt} of ${options.maxAttempts} failed: ${errorMessage(error)}; next in ${delay} ms`
      )
      await wait(delay)
    }
  }
}
