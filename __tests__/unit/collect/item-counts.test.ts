import {
  addCount,
  addCountRow,
  compareCounts,
  describeMismatches,
  itemsPerAccount,
  type ItemCounts
} from '../../../src/collect/item-counts.js'

const USER = 'AWS::IAM::User'
const GROUP = 'AWS::IAM::Group'
const row = (accountId: string, resourceType: string, count: number): string =>
  JSON.stringify({ accountId, resourceType, 'COUNT(*)': count })

describe('item counts', () => {
  it("reads Config's GROUP BY rows and adds them up per account", () => {
    const counts: ItemCounts = new Map()
    addCountRow(counts, row('111111111111', USER, 12))
    addCountRow(counts, row('111111111111', GROUP, 3))
    addCountRow(counts, row('222222222222', USER, 1))
    expect(counts.get('111111111111')).toEqual(
      new Map([
        [USER, 12],
        [GROUP, 3]
      ])
    )
    expect(itemsPerAccount(counts)).toEqual(
      new Map([
        ['111111111111', 15],
        ['222222222222', 1]
      ])
    )
  })

  it.each([
    ['not JSON', 'nope'],
    ['no count', JSON.stringify({ accountId: '1', resourceType: USER })],
    ['a negative count', row('111111111111', USER, -1)],
    ['no account', row('', USER, 1)]
  ])('refuses a count row with %s', (_what, text) => {
    expect(() => addCountRow(new Map(), text)).toThrow(/count row that cannot be read/)
  })

  it('finds every account and type whose returned items differ from the count', () => {
    const expected: ItemCounts = new Map()
    addCount(expected, '111111111111', USER, 10)
    addCount(expected, '111111111111', GROUP, 2)
    addCount(expected, '222222222222', USER, 5)
    const returned: ItemCounts = new Map()
    addCount(returned, '111111111111', USER, 10)
    addCount(returned, '111111111111', GROUP, 3)
    addCount(returned, '333333333333', USER, 1)
    expect(compareCounts(expected, returned, ['111111111111', '222222222222'])).toEqual([
      { accountId: '111111111111', resourceType: GROUP, expected: 2, returned: 3 },
      { accountId: '222222222222', resourceType: USER, expected: 5, returned: 0 }
    ])
  })

  it('says which accounts differ, by how much, and what usually explains it', () => {
    const mismatches = Array.from({ length: 23 }, (_, i) => ({
      accountId: String(100000000000 + i),
      resourceType: USER,
      expected: 10,
      returned: 11
    }))
    const text = describeMismatches(mismatches)
    expect(text).toMatch(/for 23 account\(s\), also when asked again/)
    expect(text).toContain('100000000000 users: 10 counted, 11 returned')
    expect(text).toContain('; and 3 more.')
    expect(text).toMatch(/created or deleted during the run/)
  })
})
