// npm run screenshots: the README's pictures of the job summary and the issue of `npm run demo`'s
// second month (.github/images/job-summary.png and issue.png), rendered as GitHub renders them:
// the markdown by cmark-gfm with GitHub's extensions, each ```mermaid block drawn by mermaid-cli,
// the page styled by GitHub's own stylesheet (github-markdown-css) and photographed by headless
// Chromium. render-tools.js says what to install when a tool is missing.
//
//   npm run build && npm run screenshots     (runs the demo first when demo-output/ is missing)
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, drawMermaid, markdownToHtml, renderTools } from './render-tools.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const demo = join(root, 'demo-output', 'month-2')
const images = join(root, '.github', 'images')
const WIDTH = 1100
/** The README shows both pictures side by side: each is cut at a row or block below this. */
const MAX_HEIGHT = 1900

const escapeHtml = s =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Markdown to the HTML GitHub shows, mermaid blocks drawn as SVG pictures beside it in `work`. */
async function render(markdown, name, tools, work) {
  const source = join(work, `${name}.md`)
  await writeFile(source, markdown)
  if (!/^```mermaid$/m.test(markdown)) return markdownToHtml(source)
  const drawn = join(work, `${name}.drawn.md`)
  drawMermaid(tools.mmdc, source, drawn, work)
  const html = markdownToHtml(drawn)
  const pictures = [...html.matchAll(/<img src="\.\/([^"]+\.svg)"/g)].map(m => m[1])
  let sized = html
  for (const picture of pictures) {
    sized = sized.replace(`<img src="./${picture}"`, await sizedImg(join(work, picture)))
  }
  return sized
}

/**
 * GitHub shows a diagram at its own width (mermaid's `max-width` on the SVG) or narrower. An
 * <img> does not read that style from inside the SVG, so it is given here, with the SVG's
 * proportions, which also keep the page's layout the same before and after the pictures load.
 */
async function sizedImg(svgFile) {
  const svg = await readFile(svgFile, 'utf8')
  const maxWidth = /max-width:\s*([\d.]+)px/.exec(svg)?.[1]
  const box = /viewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(svg)
  if (maxWidth === undefined || box === null) throw new Error(`${svgFile}: no size in the SVG`)
  const style = `width: 100%; max-width: ${maxWidth}px; aspect-ratio: ${box[1]} / ${box[2]}`
  return `<img style="${style}" src="./${basename(svgFile)}"`
}

// GitHub's page around the markdown: the run's or the issue's header and the box it sits in.
const FRAME_CSS = `
  body { margin: 0; background: #f6f8fa; color: #1f2328;
    font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  header { border-bottom: 1px solid #d1d9e0; padding: 16px 24px 12px; }
  .repo { color: #59636e; } .repo b { color: #1f2328; }
  .title { font-size: 26px; margin: 6px 0 4px; } .title span { color: #59636e; font-weight: 300; }
  .meta { color: #59636e; display: flex; gap: 8px; align-items: center; }
  .state { background: #1f883d; color: #fff; border-radius: 2em; padding: 4px 12px; font-weight: 600; }
  .label { background: #ddf4ff; color: #0969da; border-radius: 2em; padding: 0 8px; font-size: 12px;
    font-weight: 600; }
  main { padding: 16px 24px; }
  .box { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .box > .head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; border-radius: 6px 6px 0 0;
    padding: 8px 16px; color: #59636e; } .box > .head b { color: #1f2328; }
  .markdown-body { padding: 16px 24px 24px; font-size: 14px; }
  .markdown-body p > img:only-child { display: block; margin: 0 auto; }
  .fade { position: fixed; left: 0; right: 0; bottom: 0; height: 64px;
    background: linear-gradient(#f6f8fa00, #f6f8fa); }
`

/**
 * The page runs no script but this one, which carries the nonce: the markdown's HTML keeps raw
 * HTML such as `<br>` as GitHub does, and were a name ever to slip through unescaped as an
 * `<img onerror>`, it must not run here either (GitHub's sanitiser would drop it).
 */
const NONCE = randomBytes(16).toString('base64')
const CSP = `script-src 'nonce-${NONCE}'; object-src 'none'; base-uri 'none'`

/** Where the picture may end: below a block that is not a heading, or below a table row. */
const MEASURE = `<script nonce="${NONCE}">
  addEventListener('load', () => {
    const blocks = '.markdown-body > :not(h1, h2, h3, h4, h5, h6), .markdown-body tr'
    const ends = [...document.querySelectorAll(blocks)]
      .map(e => Math.ceil(e.getBoundingClientRect().bottom + scrollY))
    document.documentElement.dataset.ends = ends.join(' ')
    const main = document.querySelector('main').getBoundingClientRect()
    document.documentElement.dataset.height = Math.ceil(main.bottom + scrollY)
  })
</script>`

function page({ css, header, boxHead, body }) {
  return `<!doctype html><html><head><meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${CSP}"><style>${css}</style>
    <style>${FRAME_CSS}</style></head><body>
    <header>${header}</header>
    <main><div class="box"><div class="head">${boxHead}</div>
    <article class="markdown-body">${body}</article></div></main>
    <div class="fade" hidden></div></body></html>`
}

/** The whole page when it fits, else up to the last block or table row that does, faded out. */
async function shoot(html, png, work) {
  const file = join(work, `${basename(png, '.png')}.html`)
  await writeFile(file, html.replace('</body>', `${MEASURE}</body>`))
  // The budget lets the SVG pictures load and the measuring script run before the DOM is read.
  const dom = await chromium([
    '--virtual-time-budget=10000',
    `--window-size=${WIDTH},${MAX_HEIGHT}`,
    '--dump-dom',
    `file://${file}`
  ])
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1])
  const ends = (/data-ends="([\d ]*)"/.exec(dom)?.[1] ?? '').split(' ').map(Number)
  if (!height) throw new Error(`Could not measure ${file}`)
  const fits = height <= MAX_HEIGHT
  const below = ends.filter(end => end <= MAX_HEIGHT - 24)
  const cut = fits ? height : below.length > 0 ? Math.max(...below) + 24 : MAX_HEIGHT
  // The picture is of the markdown's HTML and nothing else: the measuring script is left out.
  await writeFile(
    file,
    fits ? html : html.replace('<div class="fade" hidden>', '<div class="fade">')
  )
  await rm(png, { force: true })
  await chromium([
    '--virtual-time-budget=10000',
    `--window-size=${WIDTH},${cut}`,
    `--screenshot=${png}`,
    `file://${file}`
  ])
  if (!existsSync(png)) throw new Error(`Chromium wrote no ${png}`)
  console.log(`${png}: ${WIDTH}×${cut}, ${Math.round((await stat(png)).size / 1024)} KB`)
}

try {
  // The tools first: a missing one is said before the demo has run for a minute.
  const tools = renderTools()
  const summaryFile = join(demo, 'job-summary.md')
  const issueFile = join(demo, 'issue.md')
  if (!existsSync(summaryFile) || !existsSync(issueFile)) {
    console.log(`No ${summaryFile} or ${issueFile}: running the demo first (npm run demo)…`)
    const run = spawnSync(process.execPath, [join(root, '__tests__', 'demo', 'run-demo.js')], {
      stdio: 'inherit'
    })
    if (run.status !== 0) throw new Error('The demo failed: see above.')
  }
  const css = await readFile(tools.css, 'utf8')
  const summary = await readFile(summaryFile, 'utf8')
  // The demo writes the issue's title as a first line `# title`: GitHub shows it above the body.
  const [titleLine, ...issueBody] = (await readFile(issueFile, 'utf8')).split('\n')
  const title = titleLine.replace(/^# /, '')
  const repo = '<span class="repo">acme / <b>security-reports</b></span>'

  await mkdir(images, { recursive: true })
  const work = await mkdtemp(join(tmpdir(), 'screenshots-'))
  try {
    const summaryHtml = await render(summary, 'summary', tools, work)
    await shoot(
      page({
        css,
        header: `${repo}<div class="title">IAM user report <span>#2</span></div>
          <div class="meta">Scheduled · main · <b>Success</b></div>`,
        boxHead: '<b>report</b> summary',
        body: summaryHtml
      }),
      join(images, 'job-summary.png'),
      work
    )
    const issueHtml = await render(issueBody.join('\n'), 'issue', tools, work)
    await shoot(
      page({
        css,
        header: `${repo}<div class="title">${escapeHtml(title)} <span>#1</span></div>
          <div class="meta"><span class="state">Open</span> <b>github-actions</b> opened this
          issue <span class="label">iam-user-report</span></div>`,
        boxHead: '<b>github-actions</b> <span>bot</span> opened',
        body: issueHtml
      }),
      join(images, 'issue.png'),
      work
    )
  } finally {
    await rm(work, { recursive: true, force: true })
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
