import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Standins } from '../standins/index.js'

export interface ActionRun {
  readonly code: number
  /** stdout and stderr together, as the runner's log shows them. */
  readonly log: string
  readonly outputs: Record<string, string>
  readonly summary: string
}

const DIST = join(import.meta.dirname, '..', '..', 'dist', 'index.js')

/**
 * Runs the bundled action as a runner does: `node dist/index.js` with INPUT_* variables, the
 * runner's files and the stand-ins' endpoints, and nothing else from this process's environment.
 */
export async function runAction(
  standins: Standins,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {}
): Promise<ActionRun> {
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_NO_WARNINGS: '1',
    ...standins.env
  }
  Object.assign(childEnv, standins.inputEnv(inputs))
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k]
    else childEnv[k] = v
  }
  const child = spawn(process.execPath, [DIST], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  child.stdout.on('data', chunk => (log += chunk))
  child.stderr.on('data', chunk => (log += chunk))
  const code = await new Promise<number>(resolve => child.on('close', c => resolve(c ?? -1)))
  return {
    code,
    log,
    outputs: parseOutputs(await readFile(childEnv.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(childEnv.GITHUB_STEP_SUMMARY, 'utf8')
  }
}

/** The runner's GITHUB_OUTPUT format: `name<<DELIMITER\nvalue\nDELIMITER\n`. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value: string[] = []
    while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}

/** The one `::error::` line a failed step ends with. */
export function errorLine(log: string): string {
  return log.split('\n').find(line => line.startsWith('::error::')) ?? ''
}

/** Every request any stand-in received. */
export function requestCount(standins: Standins): number {
  return [
    standins.config,
    standins.sts,
    standins.organizations,
    standins.oidc,
    standins.artifact,
    standins.github,
    standins.s3
  ]
    .map(s => s.requests.length)
    .reduce((a, b) => a + b, 0)
}
