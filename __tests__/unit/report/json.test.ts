import { CSV_COLUMNS } from '../../../src/report/csv.js'
import { parseBaseline } from '../../../src/report/baseline.js'
import { toJson } from '../../../src/report/json.js'
import type { UserRecord } from '../../../src/report/types.js'
import { report, userRecord } from '../../fixtures/report-records.js'

const reversedKeys = (record: UserRecord): UserRecord =>
  Object.fromEntries(Object.entries(record).reverse()) as unknown as UserRecord

describe('toJson', () => {
  it('writes the report shape with keys in column order, raw values and boolean is_admin', () => {
    const raw = userRecord({ user_name: '=raw', is_admin: false, groups: ['-g'] })
    const parsed = JSON.parse(toJson(report([reversedKeys(raw)])))
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'generatedAt', 'source', 'users'])
    expect(parsed.source).toEqual({ aggregator: 'org-aggregator', region: 'eu-west-1' })
    expect(Object.keys(parsed.users[0])).toEqual([...CSV_COLUMNS, 'managed_policy_arns'])
    expect(parsed.users[0]).toEqual(raw)
  })

  it('puts one user per line and ends with a newline', () => {
    const json = toJson(report([userRecord(), userRecord({ user_name: 'bob' })]))
    const lines = json.split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]).toBe(
      '{"schemaVersion":1,"generatedAt":"2026-11-02T09:00:00Z","source":{"aggregator":"org-aggregator","region":"eu-west-1"},"users":['
    )
    expect(lines[1]).toMatch(/^\{"account_id":"111111111111",.*"user_name":"alice".*\},$/)
    expect(lines[2]).toMatch(/"user_name":"bob".*\}$/)
    expect(lines.slice(3)).toEqual([']}', ''])
  })

  it('writes an empty users list on one line', () => {
    const json = toJson({ ...report([]), source: { aggregator: null, region: 'us-east-1' } })
    expect(json).toBe(
      '{"schemaVersion":1,"generatedAt":"2026-11-02T09:00:00Z","source":{"aggregator":null,"region":"us-east-1"},"users":[]}\n'
    )
  })

  it('gives the same bytes whatever the key order of the records', () => {
    const users = [userRecord(), userRecord({ user_name: 'bob' })]
    expect(toJson(report(users.map(reversedKeys)))).toBe(toJson(report(users)))
  })
})

describe('parseBaseline', () => {
  it('reads back what toJson wrote', () => {
    const original = report([
      userRecord(),
      userRecord({ user_name: 'bob', is_admin: false, admin_reason: '' })
    ])
    expect(parseBaseline(toJson(original))).toEqual(original)
  })

  it('ignores fields it does not know', () => {
    const text = JSON.stringify({
      ...report([{ ...userRecord(), extra: 1 } as UserRecord]),
      note: 'x'
    })
    expect(parseBaseline(text)).toEqual(report([userRecord()]))
  })

  const valid = JSON.parse(toJson(report([userRecord()])))
  const withUser = (patch: object) =>
    JSON.stringify({ ...valid, users: [{ ...valid.users[0], ...patch }] })

  it.each([
    ['text that is not JSON', '{"schemaVersion":', 'the baseline report is not JSON'],
    ['a JSON array', '[]', 'the baseline report is not a JSON object'],
    [
      'another schema version',
      JSON.stringify({ ...valid, schemaVersion: 2 }),
      'the baseline report has schemaVersion 2; only 1 is read'
    ],
    [
      'no schema version',
      JSON.stringify({ ...valid, schemaVersion: undefined }),
      'the baseline report has schemaVersion undefined; only 1 is read'
    ],
    [
      'no generatedAt',
      JSON.stringify({ ...valid, generatedAt: 5 }),
      'the baseline report has no generatedAt'
    ],
    [
      'no source',
      JSON.stringify({ ...valid, source: null }),
      'the baseline report has no valid source { aggregator, region }'
    ],
    [
      'no users list',
      JSON.stringify({ ...valid, users: {} }),
      'the baseline report has no users list'
    ],
    [
      'a user that is not an object',
      JSON.stringify({ ...valid, users: ['alice'] }),
      'users[0] of the baseline report is not an object'
    ],
    [
      'is_admin as text',
      withUser({ is_admin: 'true' }),
      'users[0].is_admin of the baseline report must be a boolean'
    ],
    [
      'a list holding a number',
      withUser({ groups: ['a', 1] }),
      'users[0].groups of the baseline report must be a list of strings'
    ],
    [
      'a missing user_id',
      withUser({ user_id: undefined }),
      'users[0].user_id of the baseline report must be a string'
    ],
    [
      'a missing managed_policy_arns',
      withUser({ managed_policy_arns: undefined }),
      'users[0].managed_policy_arns of the baseline report must be a list of strings'
    ]
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseBaseline(text)).toThrow(message)
  })
})
