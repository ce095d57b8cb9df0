// Screenshots for the README's first screen: the job summary and the issue of `npm run demo`'s
// second month, rendered as GitHub shows them, in headless Chromium (Debian's `chromium`).
//
//   npm run demo && node __tests__/demo/screenshots.js
//
// GitHub draws ```mermaid blocks as charts. With mermaid's browser bundle at hand they are drawn
// the same way, offline; without it they stay code blocks. It is not a dependency of the project:
//   npm install --prefix /tmp/mermaid mermaid
//   MERMAID_JS=/tmp/mermaid/node_modules/mermaid/dist/mermaid.min.js node __tests__/demo/screenshots.js
// CHROMIUM names the browser binary (default: chromium, from `apt-get install chromium`).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const demo = join(root, 'demo-output', 'month-2')
const images = join(root, '.github', 'images')
const WIDTH = 1100

const escapeHtml = s =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Inline Markdown: code spans of any backtick count, **bold**, [links](url), and <br>. */
function inline(text) {
  let html = ''
  let rest = text
  while (rest) {
    const tick = /(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest)
    const before = tick ? rest.slice(0, tick.index) : rest
    html += escapeHtml(before)
      .replace(/&lt;br&gt;/g, '<br>')
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
    if (!tick) break
    const code = tick[2].length > 1 && /^ .* $/.test(tick[2]) ? tick[2].slice(1, -1) : tick[2]
    html += `<code>${escapeHtml(code)}</code>`
    rest = rest.slice(tick.index + tick[0].length)
  }
  return html
}

/** GitHub splits table cells on every unescaped pipe, even inside code spans; `\|` is a pipe. */
const cells = row =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map(c => c.trim().replace(/\\\|/g, '|'))

/** The subset of GitHub Flavored Markdown the action writes: enough for its summary and issue. */
function markdown(source) {
  const lines = source.replace(/<!--[\s\S]*?-->/g, '').split('\n')
  const out = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const fence = /^```(\w*)/.exec(line)
    if (fence) {
      const body = []
      while (++i < lines.length && !lines[i].startsWith('```')) body.push(lines[i])
      const cls = fence[1] === 'mermaid' ? ' class="mermaid"' : ''
      out.push(`<pre${cls}>${escapeHtml(body.join('\n'))}</pre>`)
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(' ')
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`)
    } else if (line.startsWith('|') && /^\|[\s:|-]+\|$/.test(lines[i + 1] ?? '')) {
      const head = cells(line).map(c => `<th>${inline(c)}</th>`)
      const body = []
      for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
        body.push(
          `<tr>${cells(lines[i])
            .map(c => `<td>${inline(c)}</td>`)
            .join('')}</tr>`
        )
      }
      i--
      out.push(
        `<table><thead><tr>${head.join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`
      )
    } else if (/^[-*] /.test(line)) {
      const items = []
      for (; i < lines.length && /^[-*] /.test(lines[i]); i++) items.push(lines[i].slice(2))
      i--
      out.push(`<ul>${items.map(item => `<li>${inline(item)}</li>`).join('')}</ul>`)
    } else if (line.trim()) {
      const para = [line]
      while (i + 1 < lines.length && lines[i + 1].trim() && !/^(#|\||```|[-*] )/.test(lines[i + 1]))
        para.push(lines[++i])
      out.push(`<p>${inline(para.join('\n'))}</p>`)
    }
  }
  return out.join('\n')
}

const CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; background: #f6f8fa; color: #1f2328; font: 14px/1.5 "Liberation Sans", "Helvetica Neue", Arial, sans-serif; }
  header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 16px 24px 12px; }
  .repo { color: #59636e; font-size: 14px; } .repo b { color: #1f2328; }
  .title { font-size: 26px; margin: 6px 0 4px; font-weight: 400; } .title span { color: #59636e; font-weight: 300; }
  .meta { color: #59636e; font-size: 14px; display: flex; gap: 8px; align-items: center; }
  .state { background: #1f883d; color: #fff; border-radius: 2em; padding: 4px 12px; font-weight: 600; }
  .label { background: #ddf4ff; color: #0969da; border-radius: 2em; padding: 0 8px; font-size: 12px; font-weight: 600; }
  main { padding: 16px 24px; }
  .box { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .box > .head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; border-radius: 6px 6px 0 0; padding: 8px 16px; color: #59636e; }
  .box > .head b { color: #1f2328; }
  .markdown { padding: 16px 24px 24px; }
  .markdown h1, .markdown h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin: 24px 0 16px; font-weight: 600; }
  .markdown h3 { font-size: 1.25em; margin: 24px 0 16px; font-weight: 600; }
  .markdown > :first-child { margin-top: 0; }
  .markdown p, .markdown ul, .markdown table, .markdown pre { margin: 0 0 16px; }
  .markdown a { color: #0969da; text-decoration: none; }
  .markdown code { font: 85% "DejaVu Sans Mono", "Liberation Mono", monospace; background: #818b981f; border-radius: 6px; padding: .2em .4em; }
  .markdown pre { font: 85% "DejaVu Sans Mono", monospace; background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; }
  .markdown pre.mermaid { background: none; text-align: center; padding: 0; }
  .markdown pre.mermaid svg[aria-roledescription="pie"] { max-height: 330px; }
  .markdown table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
  .markdown th, .markdown td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  .markdown th { font-weight: 600; } .markdown tbody tr:nth-child(2n) { background: #f6f8fa; }
  .fade { position: fixed; left: 0; right: 0; bottom: 0; height: 72px; background: linear-gradient(#f6f8fa00, #f6f8fa); }
`

function page({ header, boxHead, body, mermaidJs }) {
  const charts = mermaidJs
    ? `<script>${mermaidJs}</script>
       <script>mermaid.initialize({ startOnLoad: false, theme: 'default' }); mermaid.run({ querySelector: 'pre.mermaid' })</script>`
    : ''
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>
    <header>${header}</header>
    <main><div class="box"><div class="head">${boxHead}</div><div class="markdown">${body}</div></div></main>
    <div class="fade"></div>${charts}</body></html>`
}

function findMermaid() {
  if (process.env.MERMAID_JS) return process.env.MERMAID_JS
  try {
    return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')
  } catch {
    return null
  }
}

async function shoot(html, png, height, work) {
  const file = join(work, `${png.replace(/\W/g, '_')}.html`)
  await writeFile(file, html)
  const chromium = process.env.CHROMIUM ?? 'chromium'
  const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'))
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    // Lets mermaid finish drawing before the picture is taken.
    '--virtual-time-budget=10000',
    `--user-data-dir=${profile}`,
    `--screenshot=${png}`,
    `--window-size=${WIDTH},${height}`,
    `file://${file}`
  ]
  const run = spawnSync(chromium, args, { encoding: 'utf8', timeout: 120000 })
  await rm(profile, { recursive: true, force: true })
  if (run.error) throw new Error(`${chromium}: ${run.error.message} (apt-get install chromium)`)
  if (!existsSync(png)) throw new Error(`${chromium} wrote no screenshot:\n${run.stderr}`)
  console.log(`${png}: ${WIDTH}×${height}, ${Math.round((await stat(png)).size / 1024)} KB`)
}

const summaryFile = join(demo, 'job-summary.md')
const issueFile = join(demo, 'issue.md')
if (!existsSync(summaryFile) || !existsSync(issueFile)) {
  console.error(`No ${summaryFile} or ${issueFile}: run npm run demo first.`)
  process.exit(1)
}
const mermaidPath = findMermaid()
console.log(
  mermaidPath
    ? `Charts drawn with ${mermaidPath}`
    : 'No mermaid bundle (set MERMAID_JS): charts stay code blocks.'
)
const mermaidJs = mermaidPath ? await readFile(mermaidPath, 'utf8') : ''

const summary = await readFile(summaryFile, 'utf8')
const [titleLine, ...issueBody] = (await readFile(issueFile, 'utf8')).split('\n')
const title = titleLine.replace(/^# /, '')
const repo = '<span class="repo">acme / <b>security-reports</b></span>'

await mkdir(images, { recursive: true })
const work = await mkdtemp(join(tmpdir(), 'screenshots-'))
try {
  await shoot(
    page({
      header: `${repo}<div class="title">IAM user report <span>#2</span></div>
        <div class="meta">Scheduled · main · <b>Success</b></div>`,
      boxHead: '<b>report</b> summary',
      body: markdown(summary),
      mermaidJs
    }),
    join(images, 'job-summary.png'),
    1600,
    work
  )
  await shoot(
    page({
      header: `${repo}<div class="title">${inline(title)} <span>#1</span></div>
        <div class="meta"><span class="state">Open</span> <b>github-actions</b> opened this issue
        <span class="label">iam-user-report</span></div>`,
      boxHead: '<b>github-actions</b> <span>bot</span> opened',
      body: markdown(issueBody.join('\n')),
      mermaidJs
    }),
    join(images, 'issue.png'),
    1100,
    work
  )
} finally {
  await rm(work, { recursive: true, force: true })
}
