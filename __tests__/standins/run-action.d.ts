import type { Standins } from './index.js'

export interface ActionRun {
  readonly code: number
  /** stdout and stderr together, as the runner's log shows them. */
  readonly log: string
  /** Every output the action set, multi-line values whole. */
  readonly outputs: Record<string, string>
  /** The job summary's markdown. */
  readonly summary: string
}

/**
 * Runs `node dist/index.js` as a runner does, once the clock has left the second in which the
 * previous run on these stand-ins ended (each run's report gets its own second). Importing this
 * module fails with "dist/ is older than src/: run npm run build" when dist/ is not the bundle of
 * the current source.
 */
export declare function runAction(
  standins: Standins,
  inputs: Record<string, string>,
  env?: Record<string, string | undefined>
): Promise<ActionRun>

/** The one `::error::` line a failed step ends with ('' when none). */
export declare function errorLine(log: string): string

/** Every request any stand-in received. */
export declare function requestCount(standins: Standins): number
