// The renderers behind `npm run screenshots`: GitHub's markdown parser (cmark-gfm), mermaid's own
// command line (mermaid-cli), GitHub's stylesheet and headless Chromium. None of them is needed by
// `npm test` or CI, so they are not dependencies: the Debian packages are checked for, the npm
// ones installed on first use, pinned, into ~/.cache/iam-user-report/render-tools (or the folder
// in RENDER_TOOLS). A devDependency would add puppeteer to every `npm ci` for a script that few
// run, and puppeteer's install step would fetch a Chrome from outside the npm registry.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'

const NPM_TOOLS = ['@mermaid-js/mermaid-cli@12.2.0', 'github-markdown-css@5.9.0']
/** mermaid-cli 12 needs it; `npm run` puts the project's Node 24 first on PATH. */
const NODE_FOR_MERMAID = [22, 13]

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
/** Chromium refuses to run as root inside its sandbox. */
const AS_ROOT = process.getuid?.() === 0

/** Stops with what to install when a tool is missing; installs the npm ones when they are. */
export function renderTools() {
  const missing = []
  if (!runs('cmark-gfm', ['--version'])) {
    missing.push(
      "cmark-gfm, GitHub's markdown parser: apt-get update && apt-get install -y cmark-gfm"
    )
  }
  if (!runs(CHROMIUM, ['--version'])) {
    missing.push(
      `chromium, looked for at ${CHROMIUM} (CHROMIUM names another): ` +
        'apt-get update && apt-get install -y chromium'
    )
  }
  const [major, minor] = process.versions.node.split('.').map(Number)
  const [needMajor, needMinor] = NODE_FOR_MERMAID
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    missing.push(
      `Node ${needMajor}.${needMinor} or later for mermaid-cli, not ${process.versions.node}: ` +
        "npm run screenshots uses the project's Node 24"
    )
  }
  if (missing.length > 0) {
    throw new Error(`Missing for the screenshots:\n${missing.map(m => `  - ${m}`).join('\n')}`)
  }
  const dir =
    process.env.RENDER_TOOLS ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'iam-user-report', 'render-tools')
  const mmdc = join(dir, 'node_modules', '.bin', 'mmdc')
  const css = join(dir, 'node_modules', 'github-markdown-css', 'github-markdown-light.css')
  if (!installed(dir)) {
    console.log(`Installing ${NPM_TOOLS.join(' and ')} into ${dir} (once)…`)
    // Puppeteer would download a Chrome of its own at install; Debian's chromium draws instead.
    const run = spawnSync(
      'npm',
      ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', ...NPM_TOOLS],
      { stdio: 'inherit', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } }
    )
    if (run.status !== 0) throw new Error(`npm install ${NPM_TOOLS.join(' ')} failed in ${dir}`)
  }
  return { mmdc, css }
}

/** Whether the cache holds the pinned versions (a change of pin fills it again). */
function installed(dir) {
  return NPM_TOOLS.every(spec => {
    const at = spec.lastIndexOf('@')
    const file = join(dir, 'node_modules', spec.slice(0, at), 'package.json')
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).version === spec.slice(at + 1)
  })
}

function runs(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

/** Each ```mermaid block of a markdown file becomes an SVG picture next to `out`. */
export function drawMermaid(mmdc, input, out, work) {
  const config = join(work, 'puppeteer.json')
  writeFileSync(config, JSON.stringify({ args: AS_ROOT ? ['--no-sandbox'] : [] }))
  const run = spawnSync(
    process.execPath,
    [mmdc, '-q', '-p', config, '-i', input, '-o', out, '-e', 'svg'],
    {
      encoding: 'utf8',
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: CHROMIUM, PUPPETEER_SKIP_DOWNLOAD: '1' }
    }
  )
  if (run.status !== 0) throw new Error(`mermaid-cli failed on ${input}:\n${run.stderr}`)
}

/** HTML as GitHub makes it: its extensions, and raw HTML such as `<br>` let through. */
export function markdownToHtml(file) {
  const run = spawnSync(
    'cmark-gfm',
    ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '-e', 'tagfilter', file],
    { encoding: 'utf8' }
  )
  if (run.status !== 0) throw new Error(`cmark-gfm failed on ${file}:\n${run.stderr}`)
  return run.stdout
}

/** Runs headless Chromium on a page in a profile of its own, which is removed afterwards. */
export async function chromium(args, timeout = 120_000) {
  const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'))
  try {
    const run = spawnSync(
      CHROMIUM,
      [
        '--headless',
        ...(AS_ROOT ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        '--force-device-scale-factor=1',
        `--user-data-dir=${profile}`,
        ...args
      ],
      { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 }
    )
    if (run.status !== 0) throw new Error(`${CHROMIUM} failed:\n${run.stderr}`)
    return run.stdout
  } finally {
    await rm(profile, { recursive: true, force: true })
  }
}
