import { buildReport } from '../../../src/report/build-report.js'
import { parseConfigItem } from '../../../src/report/config-item.js'
import { toCsv } from '../../../src/report/csv.js'
import { dedupeItems } from '../../../src/report/dedupe.js'
import { toJson } from '../../../src/report/json.js'
import { readFixture } from '../../fixtures/read-fixture.js'

const aggregateRows = readFixture<Record<string, unknown>[]>('select-aggregate-iam-items.json')
const singleAccountRows = readFixture<{ Results: string[] }>(
  'select-resource-config-response.json'
).Results
const shapes = readFixture<Record<string, object>>('config-item-shapes.json')

// Every row also recorded in two more regions, earlier and with other content, as Config does
// when several regions record global resources.
const rows: (string | object)[] = [
  ...aggregateRows.flatMap(row => [
    row,
    {
      ...row,
      awsRegion: 'us-east-1',
      configurationItemCaptureTime: '2026-09-30T10:00:00.000Z',
      tags: []
    },
    {
      ...row,
      awsRegion: 'eu-west-1',
      configurationItemCaptureTime: '2026-10-01T10:00:00.000Z',
      configuration: null
    }
  ]),
  ...singleAccountRows,
  ...Object.values(shapes)
]

function renderReport(input: readonly (string | object)[]): { csv: string; json: string } {
  const items = dedupeItems(input.map(row => parseConfigItem(row, () => undefined)))
  const { report } = buildReport({
    ...items,
    accountNames: new Map([['111111111111', 'platform-prod']]),
    aggregator: 'org-aggregator',
    region: 'eu-west-1',
    now: new Date('2026-11-02T09:00:00Z')
  })
  return { csv: toCsv(report), json: toJson(report) }
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const copy = [...list]
  let state = seed
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const j = state % (i + 1)
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

describe('report determinism', () => {
  const expected = renderReport(rows)

  it('gives identical bytes for the same input', () => {
    expect(renderReport(rows)).toEqual(expected)
  })

  it.each([1, 2, 3, 42, 2026])(
    'gives identical bytes when the rows arrive shuffled (seed %d)',
    seed => {
      const actual = renderReport(shuffled(rows, seed))
      expect(actual.csv).toBe(expected.csv)
      expect(actual.json).toBe(expected.json)
    }
  )

  it('reports each user once, from the newest region copy', () => {
    const lines = expected.csv.split('\r\n')
    expect(lines.filter(line => line.includes(',alice,'))).toHaveLength(1)
    expect(lines.find(line => line.includes(',alice,'))).toContain('cost-center=42;team=platform')
  })
})
