// Markdown building blocks for the job summary and the issue. Every IAM, group, policy and account
// name is chosen by whoever controls an AWS account, so none of it may become markup: a user named
// `@octocat` must not notify anyone, an account named `**x**` must not format, a `|` must not add
// a table column.

const EM_DASH = '\u2014'
const ZERO_WIDTH_SPACE = '\u200b'

/**
 * The longest value a table cell shows whole: every IAM name and admin reason fits, an ARN with a
 * long path or a value planted in a baseline does not.
 */
const CELL_VALUE_CHARS = 300

/**
 * Renders any text inert inside a GFM table cell. The fence is one backtick longer than the
 * longest backtick run inside (CommonMark code spans), and `|` becomes `\|` because GitHub splits
 * rows on pipes before it looks for code spans. A longer value than a cell shows is cut.
 */
export function codeSpan(text: string): string {
  return fenceCode(cutMiddle(text, CELL_VALUE_CHARS)).replaceAll('|', '\\|')
}

/**
 * A code span for use outside tables, where a backslash before `|` would be shown literally.
 */
export function inlineCode(text: string): string {
  return fenceCode(text)
}

/**
 * Plain prose that may contain outside text (error messages, warnings), kept on one line. Escapes
 * what formats anywhere in a line (emphasis, code, links, HTML, entities, math, strikethrough,
 * pipes) and what starts a block at the beginning (list markers); puts a zero-width space after
 * `@` and `#`, and into `https://` and `www.`, because GitHub links mentions, issue references
 * and bare URLs in the rendered text, where backslash escapes no longer exist.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~&$]/g, '\\$&')
    .replace(/^[-+]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/[@#]/g, `$&${ZERO_WIDTH_SPACE}`)
    .replace(/\b(https?|ftp):\/\//gi, `$1:${ZERO_WIDTH_SPACE}//`)
    .replace(/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`)
}

/** A GFM table; cells must already be rendered (code spans, escaped text, numbers). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [tableRow(headers), tableRow(headers.map(() => '---')), ...rows.map(tableRow)].join('\n')
}

/** One table line; a row with fewer cells than the header is valid GFM (the rest stay empty). */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}

/**
 * A label for a mermaid chart. Mermaid has no escaping that works in every diagram type (quotes,
 * brackets, commas, `#…;` entities and `%%` all mean something), so the text is reduced to
 * letters, digits, spaces, `_`, `.` and `-`, and shortened with an ellipsis, which it keeps: a
 * label made by mermaidLabel stays the same when passed through it again.
 */
export function mermaidLabel(text: string, maxLength = 30): string {
  const label = text
    .replace(/[^\p{L}\p{N} _.\u2026-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const chars = [...label]
  const short = chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}\u2026` : label
  return short === '' ? '?' : short
}

/** An axis of counts ends no lower than this, so that its ticks are whole numbers. */
const MIN_AXIS_TOP = 10

/**
 * Mermaid's default colour draws bars in a pale lilac and a line that can hardly be seen on
 * white: a light GitHub blue reads on white and under the black value each bar carries. The
 * values (mermaid 11 and later; an older one ignores the setting) spare reading them off the axis.
 */
const XY_CHART_CONFIG = [
  '---',
  'config:',
  '  xyChart:',
  '    showDataLabel: true',
  '  themeVariables:',
  '    xyChart:',
  "      plotColorPalette: '#54aeff'",
  '---'
]

/**
 * A mermaid `xychart-beta` of counts (GitHub renders ```` ```mermaid ```` blocks as pictures):
 * horizontal bars (long labels stay readable) or a line over time. Its value axis starts at 0:
 * mermaid's own starts at the smallest value, which it draws as a bar of almost no length, and
 * draws a line from 178 to 179 users climbing the whole chart.
 */
export function mermaidXyChart(
  kind: 'bar' | 'line',
  title: string,
  points: readonly (readonly [string, number])[],
  axisTitle: string
): string {
  const labels = points.map(([label]) => `"${mermaidLabel(label)}"`).join(', ')
  const values = points.map(([, value]) => value)
  const top = Math.max(MIN_AXIS_TOP, ...values)
  return mermaidBlock([
    ...XY_CHART_CONFIG,
    kind === 'bar' ? 'xychart-beta horizontal' : 'xychart-beta',
    `    title "${mermaidLabel(title, 60)}"`,
    `    x-axis [${labels}]`,
    `    y-axis "${mermaidLabel(axisTitle)}" 0 --> ${top}`,
    `    ${kind} [${values.join(', ')}]`
  ])
}

function mermaidBlock(lines: readonly string[]): string {
  return ['```mermaid', ...lines, '```'].join('\n')
}

/** A link whose text is escaped and whose URL cannot end early or break out of the parentheses. */
export function link(text: string, url: string): string {
  const safeUrl = url.replace(
    /[ \t\r\n()<>\\]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
  )
  return `[${escapeText(text)}](${safeUrl})`
}

/** Text cut to `max` characters, an ellipsis in place of the rest. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text
}

/** `YYYY-MM-DD` (UTC) of an ISO timestamp; text that is not a date is kept as it is. */
export function formatDay(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10)
}

/** `3 users`, `1 user`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`
}

/** Thousands separators fixed to en-US so the output does not depend on the runner's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** Names in code spans, comma-separated; a long list is cut so one user cannot fill a table. */
export function codeList(items: readonly string[], max = 10): string {
  if (items.length === 0) return EM_DASH
  const shown = items.slice(0, max).map(codeSpan).join(', ')
  return items.length > max ? `${shown} +${formatCount(items.length - max)} more` : shown
}

function fenceCode(text: string): string {
  const content = oneLine(text)
  if (content === '') return EM_DASH
  const runs: string[] = content.match(/`+/g) ?? []
  const longestRun = runs.reduce((max, run) => Math.max(max, run.length), 0)
  const fence = '`'.repeat(longestRun + 1)
  // CommonMark strips one space from each end when both ends have one, and a backtick at an end
  // would join the fence; padding both ends keeps the content exactly as it is.
  const pad = /^`|`$/.test(content) || (/^ .* $/.test(content) && content.trim() !== '') ? ' ' : ''
  return `${fence}${pad}${content}${pad}${fence}`
}

/** Keeps both ends of a long value: an ARN's account and its name, around the path. */
function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text
  const chars = [...text]
  if (chars.length <= max) return text
  const half = Math.floor((max - 1) / 2)
  return `${chars.slice(0, half).join('')}\u2026${chars.slice(-half).join('')}`
}

/** Table rows and list items end at a line break, so text is kept on one line. */
function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ')
}
