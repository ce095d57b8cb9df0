// Tables of users for the job summary and the issue, cut so the text GitHub accepts stays within
// its limit: the summary is dropped whole above 1 MiB, the issue refused above 65,536 characters.
import { formatCount, table, tableRow } from './markdown.js'

/** One `###` section holding one table. */
export interface TableSection {
  readonly title: string
  readonly headers: readonly string[]
  /** Rendered table lines, in the order they should be kept when the table must be cut. */
  readonly rows: readonly string[]
  /** How many items the table stands for: more than `rows` when only the first were rendered. */
  readonly total: number
}

/** How the size of text is counted: characters for the issue, UTF-8 bytes for the summary. */
export type Measure = (text: string) => number

/** A table of the first `maxRows` items; the rest are counted, never rendered. */
export function tableSection<T>(
  title: string,
  headers: readonly string[],
  items: readonly T[],
  toCells: (item: T) => string[],
  maxRows = Infinity
): TableSection {
  const rows = items.slice(0, maxRows).map(item => tableRow(toCells(item)))
  return { title, headers, rows, total: items.length }
}

/**
 * Renders each table with as many rows as fit in `room` (what the text around them leaves),
 * shared between the tables; a cut table ends with "… and N more {cut}".
 */
export function fitTables(
  tables: readonly TableSection[],
  room: number,
  measure: Measure,
  cut: string
): string[] {
  const bare = tables.map(t => renderTable(t, 0, cut))
  const allowances = shareBudget(
    room - joinedSize(bare, measure),
    tables.map(t => t.rows.reduce((sum, row) => sum + measure(row) + 1, 0))
  )
  return tables.map((t, i) => renderTable(t, rowsWithin(t.rows, allowances[i], measure), cut))
}

/** The size of parts joined by blank lines, as the summary and the issue join their sections. */
export function joinedSize(parts: readonly string[], measure: Measure): number {
  return parts.reduce((sum, part) => sum + measure(part) + 2, 0)
}

/** A section keeps its first `kept` rows and says how many more there are and where. */
function renderTable(section: TableSection, kept: number, cut: string): string {
  const omitted = section.total - kept
  const rows = section.rows.slice(0, kept)
  if (omitted > 0) rows.push(tableRow([`\u2026 and ${formatCount(omitted)} more ${cut}`]))
  const heading = `### ${section.title} (${formatCount(section.total)})`
  return [heading, '', table(section.headers, []), ...rows].join('\n')
}

/**
 * Splits the room left for table rows evenly between sections, handing what a small section does
 * not need to the others, so thousands of new users cannot push the removed users out entirely.
 */
function shareBudget(room: number, needs: readonly number[]): number[] {
  const shares = needs.map(() => 0)
  let left = Math.max(0, room)
  const bySize = needs.map((need, i) => ({ need, i })).sort((a, b) => a.need - b.need)
  bySize.forEach(({ need, i }, n) => {
    shares[i] = Math.min(need, Math.floor(left / (bySize.length - n)))
    left -= shares[i]
  })
  return shares
}

function rowsWithin(rows: readonly string[], room: number, measure: Measure): number {
  let used = 0
  let kept = 0
  while (kept < rows.length && used + measure(rows[kept]) + 1 <= room) {
    used += measure(rows[kept]) + 1
    kept += 1
  }
  return kept
}
