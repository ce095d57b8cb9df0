// The runner of dist/ refuses a stale bundle. It runs here on a copy of itself in a small
// repository of its own, so the real src/ and dist/ are never touched.
import { spawnSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const STANDINS = join(import.meta.dirname, '..', 'standins')
const STALE = 'dist/ is older than src/: run npm run build'
const FILES: Record<string, string> = {
  'src/index.ts': "import { run } from './main.js'\n",
  'src/report/csv.ts': 'export const CSV = 1\n',
  'package-lock.json': '{"lockfileVersion":3}\n',
  'tsconfig.json': '{"compilerOptions":{}}\n'
}
let root: string

/** Writes the files, then records their hash in dist/ as `npm run build` does. */
async function build(files: Record<string, string>): Promise<void> {
  await rm(join(root, 'src'), { recursive: true, force: true })
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), text)
  }
  const hash = spawnSync(process.execPath, [join(root, '__tests__/standins/source-hash.js')])
  await writeFile(join(root, 'dist/source-hash.txt'), hash.stdout)
}

/** Imports the copied runner in a fresh process: its exit status and error output. */
function load(): { status: number | null; stderr: string } {
  const url = pathToFileURL(join(root, '__tests__/standins/run-action.js')).href
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `await import('${url}')`],
    {
      encoding: 'utf8'
    }
  )
  return { status: child.status, stderr: child.stderr }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-action-'))
  await mkdir(join(root, '__tests__/standins'), { recursive: true })
  await mkdir(join(root, 'dist'))
  for (const file of ['run-action.js', 'source-hash.js'])
    await copyFile(join(STANDINS, file), join(root, '__tests__/standins', file))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('the runner of dist/', () => {
  it('accepts the bundle of the current files, whatever their times say', async () => {
    await build(FILES)
    expect(load()).toEqual({ status: 0, stderr: '' })
    const future = new Date(Date.now() + 86_400_000)
    await utimes(join(root, 'src/index.ts'), future, future)
    expect(load()).toEqual({ status: 0, stderr: '' })
  })

  it.each([
    ['an edited source file', { 'src/report/csv.ts': 'export const CSV = 2\n' }],
    ['a new source file', { 'src/report/json.ts': 'export const JSON_ = 1\n' }],
    ['another lock file', { 'package-lock.json': '{"lockfileVersion":3,"x":1}\n' }],
    ['other compiler options', { 'tsconfig.json': '{"compilerOptions":{"strict":true}}\n' }]
  ])('refuses a bundle older than %s, saying to build', async (_what, change) => {
    await build(FILES)
    for (const [path, text] of Object.entries(change)) await writeFile(join(root, path), text)
    const { status, stderr } = load()
    expect(status).not.toBe(0)
    expect(stderr).toContain(STALE)
  })

  it('refuses a bundle with no recorded hash', async () => {
    await build(FILES)
    await rm(join(root, 'dist/source-hash.txt'))
    expect(load().stderr).toContain(STALE)
  })
})
