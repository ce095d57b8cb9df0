import type { RepoRef } from './github/issues.js'

/** What this action reads from the runner's environment, in one place. */
export interface RunnerEnv {
  /** `schedule`, `workflow_dispatch`, … */
  readonly eventName: string
  readonly repo: RepoRef
  /** This workflow run's id; undefined outside Actions. */
  readonly runId: number | undefined
  /** The branch (or tag) the run is on, `GITHUB_REF_NAME`; '' outside Actions. */
  readonly refName: string
  /** The run's page, linked from the summary and the issue. */
  readonly runUrl: string
  /** The runner's temporary folder, for the local report files; undefined uses the OS's. */
  readonly tempDir: string | undefined
  /** False outside Actions: there is no job summary to write. */
  readonly hasStepSummary: boolean
  /** Whether the job may ask for an OIDC token (`permissions: id-token: write`). */
  readonly idTokenAvailable: boolean
}

export function readRunnerEnv(env: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const repository = env.GITHUB_REPOSITORY ?? ''
  const [owner = '', repo = ''] = repository.split('/')
  const runId = Number(env.GITHUB_RUN_ID) || undefined
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repo: { owner, repo },
    runId,
    refName: env.GITHUB_REF_NAME ?? '',
    runUrl: `${server}/${repository}/actions/runs/${runId ?? ''}`,
    tempDir: env.RUNNER_TEMP || undefined,
    hasStepSummary: Boolean(env.GITHUB_STEP_SUMMARY),
    idTokenAvailable: Boolean(
      env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    )
  }
}
