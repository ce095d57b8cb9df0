import { UnreadableBaseline, parseBaseline } from '../../../src/report/baseline.js'
import { diffReports } from '../../../src/report/diff.js'
import { toJson } from '../../../src/report/json.js'
import type { UserRecord } from '../../../src/report/types.js'
import { report, userRecord } from '../../fixtures/report-records.js'

// Last month: five users in two accounts, in report order.
const lastMonth = report([
  userRecord({ user_name: 'alice', user_id: 'AIDAALICE' }),
  userRecord({ user_name: 'bob', user_id: 'AIDABOB', is_admin: false, admin_reason: '' }),
  userRecord({ user_name: 'carol', user_id: 'AIDACAROL', account_name: 'Zürich – 東京' }),
  userRecord({ user_name: 'dave', user_id: 'AIDADAVE' }),
  userRecord({ account_id: '222222222222', user_name: 'erin', user_id: 'AIDAERIN' })
])
const text = toJson(lastMonth)

describe('parseBaseline', () => {
  it('reads back what toJson wrote', () => {
    expect(parseBaseline(text)).toEqual(lastMonth)
  })

  it('ignores fields it does not know', () => {
    const extra = JSON.stringify({
      ...report([{ ...userRecord(), extra: 1 } as UserRecord]),
      note: 'x'
    })
    expect(parseBaseline(extra)).toEqual(report([userRecord()]))
  })

  it('gives the diff of this month against last month’s file', () => {
    // aaron is new, bob gained a group, dave left, erin was re-captured (same privileges).
    const thisMonth = report([
      userRecord({ user_name: 'aaron', user_id: 'AIDAAARON' }),
      lastMonth.users[0]!,
      { ...lastMonth.users[1]!, groups: ['Admins', 'Developers', 'ReadOnly'] },
      lastMonth.users[2]!,
      { ...lastMonth.users[4]!, config_captured_at: '2026-11-20T10:00:00Z' }
    ])
    const diff = diffReports(parseBaseline(text), thisMonth)
    expect(diff.added.map(u => u.user_name)).toEqual(['aaron'])
    expect(diff.removed.map(u => u.user_name)).toEqual(['dave'])
    expect(diff.changed.map(c => [c.after.user_name, c.fields])).toEqual([['bob', ['groups']]])
  })

  const reversed = { ...lastMonth, users: [...lastMonth.users].reverse() }

  it.each([
    ['pretty-printed', JSON.stringify(lastMonth, null, 2), lastMonth],
    ['on one line', JSON.stringify(lastMonth), lastMonth],
    ['with CRLF line ends', text.replaceAll('\n', '\r\n'), lastMonth],
    ['with a blank line between records', text.replace('},\n', '},\n\n'), lastMonth],
    ['with its users in another order', toJson(reversed), reversed]
  ])('reads a baseline %s', (_what, variant, expected) => {
    expect(variant).not.toBe(text)
    expect(parseBaseline(variant)).toEqual(expected)
  })

  it('reads an empty users list', () => {
    expect(parseBaseline(toJson(report([])))).toEqual(report([]))
  })

  it.each([
    ['a truncated file', text.slice(0, text.length - 40)],
    ['a line cut short', text.replace('"user_name":"bob"', '"user_name":"bob')],
    ['a trailing comma before the end of the list', text.replace('}\n]}', '},\n]}')],
    ['text after the document', `${text}x\n`]
  ])('rejects %s as not JSON', (_what, broken) => {
    expect(() => parseBaseline(broken)).toThrow(UnreadableBaseline)
    expect(() => parseBaseline(broken)).toThrow('the baseline report is not JSON')
  })

  const valid = JSON.parse(text)
  const withHead = (patch: object) => JSON.stringify({ ...valid, ...patch })
  const withUser = (patch: object) =>
    JSON.stringify({ ...valid, users: [{ ...valid.users[0], ...patch }] })

  it.each([
    ['a JSON array', '[]', 'the baseline report is not a JSON object'],
    [
      'another schema version',
      withHead({ schemaVersion: 2 }),
      'the baseline report has schemaVersion 2; only 1 is read'
    ],
    [
      'a schema version as text',
      withHead({ schemaVersion: '1' }),
      'the baseline report has schemaVersion "1"; only 1 is read'
    ],
    [
      'no schema version',
      withHead({ schemaVersion: undefined }),
      'the baseline report has schemaVersion undefined; only 1 is read'
    ],
    ['no generatedAt', withHead({ generatedAt: 5 }), 'the baseline report has no generatedAt'],
    [
      'no source',
      withHead({ source: null }),
      'the baseline report has no valid source { aggregator, region }'
    ],
    ['no users list', withHead({ users: {} }), 'the baseline report has no users list'],
    [
      'a user that is not an object',
      withHead({ users: ['alice'] }),
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
  ])('rejects %s', (_what, bad, message) => {
    expect(() => parseBaseline(bad)).toThrow(new UnreadableBaseline(message))
  })

  it('names the first bad record', () => {
    const bad = text.replace('"user_name":"carol"', '"user_name":7')
    expect(() => parseBaseline(bad)).toThrow(
      'users[2].user_name of the baseline report must be a string'
    )
  })

  // The date reaches the log, the summary and the issue title: only a timestamp may get there.
  it.each([
    ['a line break that starts a workflow command', '2026-11-02T09:17:03Z\n::error::x'],
    ['a workflow command alone', '::error::x'],
    ['HTML', '<img src=x>'],
    ['a mention', '@someone'],
    ['a date without a time', '2026-11-02'],
    ['a time with an offset', '2026-11-02T09:17:03+01:00'],
    ['a time without a zone', '2026-11-02T09:17:03'],
    ['a month that does not exist', '2026-13-02T09:17:03Z'],
    ['an empty string', '']
  ])('rejects a generatedAt holding %s', (_what, generatedAt) => {
    expect(() => parseBaseline(withHead({ generatedAt }))).toThrow(
      new UnreadableBaseline(
        "the baseline report's generatedAt is not an ISO 8601 UTC timestamp such as 2026-11-02T09:17:03Z"
      )
    )
  })

  it.each(['2026-11-02T09:17:03Z', '2026-11-02T09:17:03.5Z', '2026-11-02T09:17:03.123Z'])(
    'reads a generatedAt of %s',
    generatedAt => {
      expect(parseBaseline(withHead({ generatedAt })).generatedAt).toBe(generatedAt)
    }
  )
})
