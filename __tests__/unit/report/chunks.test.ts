import { csvChunks, toCsv } from '../../../src/report/csv.js'
import { jsonChunks, jsonRecordText, toJson } from '../../../src/report/json.js'
import { renderInChunks } from '../../../src/report/render-in-chunks.js'
import { report, userRecord } from '../../fixtures/report-records.js'

describe('renderInChunks', () => {
  const render = (n: number): string => `item-${n}-${'x'.repeat(n % 7 === 0 ? 5000 : 40)}`

  it.each([0, 1, 2, 999, 5000])(
    'joins %i items into pieces that make the same text as one join',
    count => {
      const items = Array.from({ length: count }, (_, i) => i)
      for (const separator of ['', ',\n']) {
        const pieces = [...renderInChunks(items, render, separator)]
        expect(pieces.join('')).toBe(items.map(render).join(separator))
        expect(pieces.every(piece => piece.length > 0)).toBe(true)
      }
    }
  )

  it('keeps each piece under the large-object size, but for one long item', () => {
    const items = Array.from({ length: 5000 }, (_, i) => i)
    const pieces = [...renderInChunks(items, render, ',\n')]
    expect(pieces.length).toBeGreaterThan(10)
    // A piece ends at the first item that takes it past 48 K characters.
    for (const piece of pieces) expect(piece.length).toBeLessThan(48 * 1024 + 5100)
  })
})

describe('csvChunks and jsonChunks', () => {
  const many = report(
    Array.from({ length: 2500 }, (_, i) =>
      userRecord({ user_name: `user-${String(i).padStart(4, '0')}`, user_id: `AIDA${i}` })
    )
  )

  it('make the bytes toCsv and toJson give, in several pieces', () => {
    const csv = [...csvChunks(many)]
    const json = [...jsonChunks(many)]
    expect(csv.length).toBeGreaterThan(3)
    expect(json.length).toBeGreaterThan(3)
    expect(csv.join('')).toBe(toCsv(many))
    expect(json.join('')).toBe(toJson(many))
    expect(JSON.parse(json.join('')).users).toHaveLength(2500)
  })

  it('jsonRecordText renders each user’s line of the file again, without its comma', () => {
    const lines = toJson(many)
      .split('\n')
      .slice(1, -2)
      .map(line => line.replace(/,$/, ''))
    expect(lines).toHaveLength(2500)
    expect(many.users.map(jsonRecordText(many))).toEqual(lines)
  })
})
