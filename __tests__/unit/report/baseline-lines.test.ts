import { diffReports } from '../../../src/report/diff.js'
import {
  UnreadableBaseline,
  parseBaseline,
  readBaselineStream,
  type CurrentRecords
} from '../../../src/report/baseline.js'
import { toJson } from '../../../src/report/json.js'
import type { Report, UserRecord } from '../../../src/report/types.js'
import { currentOf, report, userRecord } from '../../fixtures/report-records.js'

// Last month: five users in two accounts, in report order.
const lastMonth = report([
  userRecord({ user_name: 'alice', user_id: 'AIDAALICE' }),
  userRecord({ user_name: 'bob', user_id: 'AIDABOB', is_admin: false, admin_reason: '' }),
  userRecord({ user_name: 'carol', user_id: 'AIDACAROL', account_name: 'Zürich – 東京' }),
  userRecord({ user_name: 'dave', user_id: 'AIDADAVE' }),
  userRecord({ account_id: '222222222222', user_name: 'erin', user_id: 'AIDAERIN' })
])
// This month: aaron is new (sorts first), bob gained a group, dave left, zed is new (sorts last),
// erin was re-captured (another config_captured_at, same privileges).
const thisMonth = report([
  userRecord({ user_name: 'aaron', user_id: 'AIDAAARON' }),
  userRecord({ user_name: 'alice', user_id: 'AIDAALICE' }),
  userRecord({
    user_name: 'bob',
    user_id: 'AIDABOB',
    is_admin: false,
    admin_reason: '',
    groups: ['Admins', 'Developers', 'ReadOnly']
  }),
  userRecord({ user_name: 'carol', user_id: 'AIDACAROL', account_name: 'Zürich – 東京' }),
  userRecord({
    account_id: '222222222222',
    user_name: 'erin',
    user_id: 'AIDAERIN',
    config_captured_at: '2026-11-20T10:00:00Z'
  }),
  userRecord({ account_id: '222222222222', user_name: 'zed', user_id: 'AIDAZED' })
])

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
/** The text's bytes as one chunk of a stream. */
const streamed = (text: string, current?: CurrentRecords): Promise<Report> =>
  readBaselineStream(async function* () {
    yield bytes(text)
  }, current)

describe('parseBaseline, line by line against this run', () => {
  const text = toJson(lastMonth)
  const current = currentOf(thisMonth)

  it('reads the same report as parsing the whole document', async () => {
    expect(parseBaseline(text, current)).toEqual(lastMonth)
    expect(await streamed(text, current)).toEqual(lastMonth)
  })

  it('hands back this run’s record for each line whose text did not change, and parses the rest', async () => {
    const users = (await streamed(text, current)).users
    const mine = (name: string): UserRecord => thisMonth.users.find(u => u.user_name === name)!
    // alice and carol (multi-byte text included) are unchanged lines.
    expect(users[0]).toBe(mine('alice'))
    expect(users[2]).toBe(mine('carol'))
    // bob changed, dave left, erin was re-captured: read from the baseline's own text.
    expect(users[1]).not.toBe(mine('bob'))
    expect(users[1]).toEqual(lastMonth.users[1])
    expect(users[3]).toEqual(lastMonth.users[3])
    expect(users[4]).not.toBe(mine('erin'))
    expect(users[4]?.config_captured_at).toBe('2026-10-31T22:10:05Z')
  })

  it('gives the same diff as a baseline parsed without this run’s records', async () => {
    const fast = diffReports(await streamed(text, current), thisMonth)
    const whole = diffReports(parseBaseline(text), thisMonth)
    expect(fast).toEqual(whole)
    expect(fast.added.map(u => u.user_name)).toEqual(['aaron', 'zed'])
    expect(fast.removed.map(u => u.user_name)).toEqual(['dave'])
    expect(fast.changed.map(c => [c.after.user_name, c.fields])).toEqual([['bob', ['groups']]])
  })

  it('still reads a baseline whose users are in another order', () => {
    const shuffled = { ...lastMonth, users: [...lastMonth.users].reverse() }
    expect(parseBaseline(toJson(shuffled), current)).toEqual(shuffled)
  })

  it.each([
    ['pretty-printed', JSON.stringify(lastMonth, null, 2)],
    ['on one line', JSON.stringify(lastMonth)],
    ['with CRLF line ends', text.replaceAll('\n', '\r\n')],
    [
      'with two records on one line',
      text.replace(
        /\},\n\{"account_id":"111111111111","account_name":"platform-prod","user_name":"bob"/,
        '},{"account_id":"111111111111","account_name":"platform-prod","user_name":"bob"'
      )
    ],
    ['with a blank line between records', text.replace('},\n', '},\n\n')],
    ['with spaces after the list', text.replace('\n]}\n', '\n]  }\n')]
  ])('reads a baseline %s as a whole', async (_what, variant) => {
    expect(variant).not.toBe(text)
    expect(parseBaseline(variant, current)).toEqual(lastMonth)
    expect(await streamed(variant, current)).toEqual(lastMonth)
  })

  it('reads an empty users list', () => {
    const empty = report([])
    expect(parseBaseline(toJson(empty), current)).toEqual(empty)
  })

  it('names the first bad record, as parsing the whole document does', async () => {
    const bad = text.replace('"user_name":"carol"', '"user_name":7')
    expect(() => parseBaseline(bad)).toThrow(
      'users[2].user_name of the baseline report must be a string'
    )
    await expect(streamed(bad, current)).rejects.toThrow(
      new UnreadableBaseline('users[2].user_name of the baseline report must be a string')
    )
  })

  it.each([
    ['a truncated file', text.slice(0, text.length - 40)],
    ['a line cut short', text.replace('"user_name":"bob"', '"user_name":"bob')],
    ['a trailing comma before the end of the list', text.replace('}\n]}', '},\n]}')],
    ['text after the document', `${text}x\n`]
  ])('rejects %s as not JSON', async (_what, broken) => {
    await expect(streamed(broken, current)).rejects.toThrow('the baseline report is not JSON')
    await expect(streamed(broken, current)).rejects.toBeInstanceOf(UnreadableBaseline)
  })

  it('rejects a wrong schema from the first line', async () => {
    const v2 = text.replace('"schemaVersion":1', '"schemaVersion":2')
    await expect(streamed(v2, current)).rejects.toThrow(
      'the baseline report has schemaVersion 2; only 1 is read'
    )
  })
})

describe('readBaselineStream', () => {
  const text = toJson(lastMonth)
  const current = currentOf(thisMonth)
  /** The bytes in chunks of `size`, cutting lines and characters anywhere; counts the opens. */
  function source(data: string, size: number) {
    const all = bytes(data)
    const opens = { count: 0 }
    const open = async function* () {
      opens.count++
      for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size)
    }
    return { open, opens }
  }

  it.each([1, 5, 64, 1 << 20])(
    'reads chunks of %i bytes once, as parseBaseline reads the whole',
    async size => {
      const { open, opens } = source(text, size)
      const read = await readBaselineStream(open, current)
      expect(read).toEqual(lastMonth)
      expect(read.users[0]).toBe(thisMonth.users[1])
      expect(opens.count).toBe(1)
    }
  )

  it('opens the stream a second time for a report in another layout', async () => {
    const { open, opens } = source(JSON.stringify(lastMonth, null, 2), 50)
    expect(await readBaselineStream(open, current)).toEqual(lastMonth)
    expect(opens.count).toBe(2)
  })

  it('says what is wrong with a report that is not JSON', async () => {
    const { open } = source(text.slice(0, 300), 64)
    await expect(readBaselineStream(open, current)).rejects.toThrow(
      'the baseline report is not JSON'
    )
  })

  it('lets an error of the stream through as it is', async () => {
    const broken = new Error('socket hang up')
    const open = async function* () {
      yield bytes(text.slice(0, 100))
      throw broken
    }
    await expect(readBaselineStream(open, current)).rejects.toBe(broken)
  })
})
