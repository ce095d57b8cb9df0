import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ActionRun {
  readonly code: number
  /** stdout and stderr together, as the runner's log shows them. */
  readonly log: string
  readonly outputs: Record<string, string>
  readonly summary: string
  readonly runnerTemp: string
}

const DIST = join(import.meta.dirname, '..', '..', 'dist', 'index.js')

/** Runs the bundled action as a runner does: a node process with INPUT_* and the runner's files. */
export async function runAction(inputs: Record<string, string>, env: Record<string, string | undefined>): Promise<ActionRun> {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'iur-runner-'))
  const outputFile = join(runnerTemp, 'github_output')
  const summaryFile = join(runnerTemp, 'step_summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: runnerTemp,
    NODE_NO_WARNINGS: '1',
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...inputEnv
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v
  const child = spawn(process.execPath, [DIST], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', chunk => (log += chunk))
  child.stderr.on('data', chunk => (log += chunk))
  const code = await new Promise<number>(resolve => child.on('close', c => resolve(c ?? -1)))
  return {
    code,
    log,
    outputs: parseOutputs(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    runnerTemp
  }
}

/** The runner's GITHUB_OUTPUT format: `name<<DELIM\nvalue\nDELIM\n`. */
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
