import { describe, expect, it } from '@jest/globals'
import {
  codeList,
  codeSpan,
  escapeText,
  formatDay,
  inlineCode,
  link,
  mermaidLabel,
  mermaidXyChart,
  table
} from '../../../../src/report/markdown/markdown.js'

/** Cells of one GFM table row, split the way cmark-gfm does: a `|` after a backslash is content. */
function splitCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '')
  return inner.split(/(?<!\\)\|/).map(cell => cell.replace(/\\\|/g, '|').trim())
}

/** The text a cell shows when it is exactly one CommonMark code span, or null when it is not. */
function readCodeSpan(cell: string): string | null {
  const runs = [...cell.matchAll(/`+/g)]
  if (runs.length < 2 || runs[0].index !== 0) return null
  const fence = runs[0][0].length
  // The span ends at the first later run of exactly the same length.
  const close = runs.slice(1).find(run => run[0].length === fence)
  if (close === undefined || close.index + fence !== cell.length) return null
  const content = cell.slice(fence, close.index)
  const strip = content.startsWith(' ') && content.endsWith(' ') && content.trim() !== ''
  return strip ? content.slice(1, -1) : content
}

function shownInCell(rendered: string): string | null {
  const cells = splitCells(`| ${rendered} |`)
  return cells.length === 1 ? readCodeSpan(cells[0]) : null
}

const HOSTILE_NAMES = [
  'alice',
  '@octocat',
  '**bold**',
  'a|b',
  '|',
  'a\\|b',
  'trailing\\',
  'tick`inside',
  'two``ticks',
  '`leading',
  'trailing`',
  '`',
  '```',
  ' spaced ',
  '<script>alert(1)</script>',
  '[link](https://example.com)',
  '=HYPERLINK("x")',
  '日本語の名前'
]

describe('codeSpan', () => {
  it.each(HOSTILE_NAMES)('shows %j exactly as it is, in one table cell', name => {
    expect(shownInCell(codeSpan(name))).toBe(name)
  })

  it('uses a fence longer than the longest backtick run inside', () => {
    expect(codeSpan('a``b`c')).toBe('```a``b`c```')
  })

  it('pads a name made only of backticks so the fence cannot swallow it', () => {
    expect(codeSpan('``')).toBe('``` `` ```')
  })

  it('writes a pipe as \\| so GitHub does not start a new cell', () => {
    expect(codeSpan('a|b')).toBe('`a\\|b`')
  })

  it('keeps a name with a line break on one line', () => {
    expect(codeSpan('line1\nline2\r\nline3')).toBe('`line1 line2 line3`')
  })

  it('keeps both ends of a value too long for a cell, an ellipsis between them', () => {
    const arn = `arn:aws:iam::111111111111:policy/${'p'.repeat(510)}/ReadOnlyAccess`
    const shown = shownInCell(codeSpan(arn))!
    expect(shown).toHaveLength(299)
    expect(shown.startsWith('arn:aws:iam::111111111111:policy/ppp')).toBe(true)
    expect(shown.endsWith('ppp/ReadOnlyAccess')).toBe(true)
    expect(shown[149]).toBe('\u2026')
  })

  it('shows every IAM name and admin reason whole', () => {
    const reason = `group:${'g'.repeat(128)}/managed:${'p'.repeat(128)}`
    expect(shownInCell(codeSpan(reason))).toBe(reason)
  })

  it('renders empty text as an em dash rather than an empty code span', () => {
    expect(codeSpan('')).toBe('\u2014')
  })
})

describe('inlineCode', () => {
  it('leaves pipes alone outside tables, where a backslash would be shown', () => {
    expect(inlineCode('s3://bucket/a|b.csv')).toBe('`s3://bucket/a|b.csv`')
  })
})

describe('escapeText', () => {
  it('breaks @mentions with a zero-width space', () => {
    expect(escapeText('ping @octocat')).toBe('ping @\u200boctocat')
  })

  it('breaks issue references', () => {
    expect(escapeText('see #12')).toBe('see \\#\u200b12')
  })

  it('breaks bare URLs, which GitHub would turn into links', () => {
    expect(escapeText('see https://evil.example, HTTP://x.y and www.evil.example')).toBe(
      'see https:\u200b//evil.example, HTTP:\u200b//x.y and www\u200b.evil.example'
    )
  })

  it('escapes emphasis, links, html, entities, math and pipes', () => {
    expect(escapeText('*a* _b_ [c](d) <e> &amp; $x$ ~~s~~ f|g')).toBe(
      '\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\&amp; \\$x\\$ \\~\\~s\\~\\~ f\\|g'
    )
  })

  it.each([
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['12. item', '12\\. item'],
    ['3) item', '3\\) item']
  ])('keeps %j from starting a list', (text, escaped) => {
    expect(escapeText(text)).toBe(escaped)
  })

  it('leaves punctuation that only matters at the start of a line alone elsewhere', () => {
    expect(escapeText('Compared with s3://b/k-1.json (2026-10-05).')).toBe(
      'Compared with s3://b/k-1.json (2026-10-05).'
    )
  })

  it('escapes a backslash before a pipe so the pipe stays escaped', () => {
    expect(escapeText('a\\|b')).toBe('a\\\\\\|b')
  })

  it('puts text on one line', () => {
    expect(escapeText('  one\ntwo  ')).toBe('one two')
  })
})

describe('table', () => {
  it('writes a header, a delimiter row and one line per row', () => {
    expect(table(['A', 'B'], [['1', '2']])).toBe('| A | B |\n| --- | --- |\n| 1 | 2 |')
  })

  it('keeps a pipe inside a name within its cell', () => {
    const row = table(['A', 'B'], [[codeSpan('x|y'), codeSpan('z')]]).split('\n')[2]
    expect(splitCells(row)).toEqual(['`x|y`', '`z`'])
  })
})

describe('mermaidLabel', () => {
  it('removes quotes, brackets, commas and entity syntax', () => {
    expect(mermaidLabel('a"b[c],d#35;e%%f')).toBe('a b c d 35 e f')
  })

  it('keeps letters of any script, digits, dots and dashes', () => {
    expect(mermaidLabel('Prod-Team_1.x 日本')).toBe('Prod-Team_1.x 日本')
  })

  it('shortens long labels with an ellipsis', () => {
    expect(mermaidLabel('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}\u2026`)
  })

  it('never returns an empty label', () => {
    expect(mermaidLabel('"[]"')).toBe('?')
  })

  it('leaves a label it made as it is, ellipsis included', () => {
    const label = mermaidLabel('a|b '.repeat(20))
    expect(mermaidLabel(label)).toBe(label)
  })
})

describe('mermaid charts', () => {
  it('draws horizontal bars with quoted, sanitised categories', () => {
    const chart = mermaidXyChart('bar', 'Per account', [['a,"b"', 3]], 'Users')
    expect(chart).toContain('xychart-beta horizontal')
    expect(chart).toContain('x-axis ["a b"]')
    expect(chart).toContain('bar [3]')
  })

  it('starts the value axis at 0 and ends it at the largest value', () => {
    const chart = mermaidXyChart(
      'bar',
      'Per account',
      [
        ['a', 12],
        ['b', 16],
        ['c', 14]
      ],
      'Users'
    )
    expect(chart).toContain('y-axis "Users" 0 --> 16')
  })

  it('starts a line over time at 0 too, so that one more user is not a climb', () => {
    const chart = mermaidXyChart(
      'line',
      'Over time',
      [
        ['a', 178],
        ['b', 179]
      ],
      'Users'
    )
    expect(chart).toContain('y-axis "Users" 0 --> 179')
  })

  it("colours its plot so that it can be seen, and writes each bar's value on it", () => {
    const chart = mermaidXyChart('bar', 'Few', [['a', 2]], 'Admins')
    expect(chart).toMatch(/^```mermaid\n---\nconfig:\n[\s\S]*\n---\nxychart-beta horizontal\n/)
    expect(chart).toContain('    showDataLabel: true')
    expect(chart).toContain("      plotColorPalette: '#54aeff'")
  })

  it('ends the value axis at 10 at least, so that its ticks are whole numbers', () => {
    expect(
      mermaidXyChart(
        'bar',
        'Few',
        [
          ['a', 2],
          ['b', 1]
        ],
        'Admins'
      )
    ).toContain('0 --> 10')
  })
})

describe('link', () => {
  it('keeps a URL with parentheses and spaces inside the link', () => {
    expect(link('run', 'https://x/a (1)')).toBe('[run](https://x/a%20%281%29)')
  })
})

describe('formatDay', () => {
  it('gives the UTC day of a timestamp', () => {
    expect(formatDay('2026-10-05T23:30:00-02:00')).toBe('2026-10-06')
  })
})

describe('codeList', () => {
  it('cuts a long list and says how many were left out', () => {
    expect(codeList(['a', 'b', 'c'], 2)).toBe('`a`, `b` +1 more')
  })
})
