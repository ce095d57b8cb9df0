import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

/** `npm run demo`'s script, as the README's quick start runs it; output to `dir`. */
async function runDemo(dir: string): Promise<{ code: number | null; log: string }> {
  const child = spawn(process.execPath, [join(ROOT, '__tests__', 'demo', 'run-demo.js')], {
    cwd: ROOT,
    env: { ...process.env, DEMO_OUTPUT: dir, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  child.stdout.on('data', c => (log += c))
  child.stderr.on('data', c => (log += c))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  return { code, log }
}

describe('npm run demo', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('runs the bundle for two months and keeps each month’s files, the second with an issue', async () => {
    const { code, log } = await runDemo(dir)
    // The demo's own log says why it failed (a stale dist/, for one).
    if (code !== 0) throw new Error(`npm run demo exited with ${code}:\n${log}`)
    const month1 = /Month 1: (\d+) users in (\d+) accounts, (\d+) admins/.exec(log)
    const month2 = /Month 2: (\d+) users, \d+ admins; (\d+) new, (\d+) removed, (\d+) changed/.exec(
      log
    )
    expect(month1).not.toBeNull()
    expect(month2).not.toBeNull()
    for (const month of ['month-1', 'month-2']) {
      for (const file of ['iam-users.csv', 'iam-users.json', 'job-summary.md', 'action.log'])
        expect(existsSync(join(dir, month, file))).toBe(true)
    }
    // The CSV holds a header and one row per user the outputs counted (one line each here).
    const csv1 = (await readFile(join(dir, 'month-1', 'iam-users.csv'), 'utf8')).trimEnd()
    expect(csv1.split('\r\n')).toHaveLength(Number(month1![1]) + 1)
    const json2 = JSON.parse(await readFile(join(dir, 'month-2', 'iam-users.json'), 'utf8'))
    expect(json2.users).toHaveLength(Number(month2![1]))
    // Month 2 changed users, so it opened an issue listing the new ones.
    expect(Number(month2![2])).toBeGreaterThan(0)
    const issue = await readFile(join(dir, 'month-2', 'issue.md'), 'utf8')
    expect(issue).toContain(`${month2![2]} new`)
    expect(log).toMatch(/s3:\/\/acme-iam-reports\/.*latest\.json/)
  }, 120_000)
})
