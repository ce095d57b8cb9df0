import { CSV_COLUMNS } from '../../../src/report/csv.js'
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
