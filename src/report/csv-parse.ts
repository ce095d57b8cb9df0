/**
 * RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; rows end with
 * CRLF or LF; blank lines are skipped. IAM's credential report is
 * the one CSV this action reads, so a small reader beats a second dependency.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let fieldStart = true
  const endField = () => {
    row.push(field)
    field = ''
    fieldStart = true
  }
  const endRow = () => {
    endField()
    if (row.length > 1 || row[0] !== '') rows.push(row)
    row = []
  }
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c !== '"') field += c
      else if (text[i + 1] === '"') field += text[i++]
      else quoted = false
    } else if (c === '"' && fieldStart) {
      quoted = true
      fieldStart = false
    } else if (c === ',') {
      endField()
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRow()
    } else {
      field += c
      fieldStart = false
    }
  }
  if (quoted) throw new Error('unterminated quoted field')
  if (field !== '' || row.length > 0) endRow()
  return rows
}
