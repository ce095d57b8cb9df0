// The one runner of the bundled action, for the end-to-end tests and the demo: `node dist/index.js`
// as a runner starts it, against the stand-ins.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { sourceHash } from './source-hash.js'

const DIST = join(import.meta.dirname, '..', '..', 'dist')

// A stale bundle would test code that is no longer the source, and pass or fail for the wrong
// reason: refuse it before anything runs it. dist/source-hash.txt is written by `npm run build`.
const built = await readFile(join(DIST, 'source-hash.txt'), 'utf8').catch(() => '')
if (built.trim() !== (await sourceHash())) {
  throw new Error('dist/ is older than src/: run npm run build')
}

/** @typedef {import('./run-action.js').ActionRun} ActionRun */
/** @typedef {import('./index.js').Standins} Standins */

/** @type {WeakMap<Standins, number>} when the last run on these stand-ins ended (epoch ms) */
const lastRunEnded = new WeakMap()

/**
 * A report is named after the second it was generated in, and S3 keeps one report per second:
 * a run starts only once the clock has left the second in which the previous run ended.
 * @param {number | undefined} endedAt
 */
async function waitForNextSecond(endedAt) {
  if (endedAt === undefined) return
  const next = (Math.floor(endedAt / 1000) + 1) * 1000
  while (Date.now() < next) await sleep(next - Date.now())
}

/**
 * Runs the bundled action as a runner does: `node dist/index.js` with INPUT_* variables, the
 * runner's files and the stand-ins' endpoints, and nothing else from this process's environment.
 * `env` adds variables, or removes those given as undefined.
 * @param {Standins} standins
 * @param {Record<string, string>} inputs
 * @param {Record<string, string | undefined>} [env]
 * @returns {Promise<ActionRun>}
 */
export async function runAction(standins, inputs, env = {}) {
  /** @type {Record<string, string>} */
  const childEnv = {
    PATH: process.env.PATH ?? '',
    NODE_NO_WARNINGS: '1',
    ...standins.env,
    ...standins.inputEnv(inputs)
  }
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k]
    else childEnv[k] = v
  }
  await waitForNextSecond(lastRunEnded.get(standins))
  const child = spawn(process.execPath, [join(DIST, 'index.js')], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  child.stdout.on('data', chunk => (log += chunk))
  child.stderr.on('data', chunk => (log += chunk))
  const code = await new Promise(resolve => child.on('close', c => resolve(c ?? -1)))
  lastRunEnded.set(standins, Date.now())
  return {
    code,
    log,
    outputs: parseOutputs(await readFile(childEnv.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(childEnv.GITHUB_STEP_SUMMARY, 'utf8')
  }
}

/**
 * The runner's GITHUB_OUTPUT format: `name<<DELIMITER\nvalue\nDELIMITER\n`, values of any number
 * of lines.
 * @param {string} text
 */
function parseOutputs(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value = []
    while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}

/** The one `::error::` line a failed step ends with. @param {string} log */
export function errorLine(log) {
  return log.split('\n').find(line => line.startsWith('::error::')) ?? ''
}

/** Every request any stand-in received. @param {Standins} standins */
export function requestCount(standins) {
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
