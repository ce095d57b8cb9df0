import { IAM_EXPRESSION } from '../../../src/collect/iam-query.js'
import { MAX_EXPRESSION_LENGTH, planShards, shardExpression } from '../../../src/collect/shard-plan.js'

const accountId = (i: number): string => String(100_000_000_000 + i * 7919)
const org = (accounts: number, items: (i: number) => number): Map<string, number> =>
  new Map(Array.from({ length: accounts }, (_, i) => [accountId(i), items(i)]))
const options = { expression: IAM_EXPRESSION, pageSize: 100, concurrency: 4 }

describe('planShards', () => {
  it('keeps every query of a 10,000-account organisation within the 4,096-character limit', () => {
    const counts = org(10_000, i => 10 + (i % 17))
    const shards = planShards(counts, options)
    for (const shard of shards) {
      expect(shard.expression.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH)
      expect(shard.expression).toBe(shardExpression(IAM_EXPRESSION, shard.accountIds))
    }
    // Packed close to the limit: no more queries than the limit forces, plus one.
    const perAccount = ", '123456789012'".length
    const fit = Math.floor(
      (MAX_EXPRESSION_LENGTH - shardExpression(IAM_EXPRESSION, []).length) / perAccount
    )
    expect(shards.length).toBeLessThanOrEqual(Math.ceil(10_000 / fit) + 1)
  })

  it('puts every account in exactly one shard and adds up its counts', () => {
    const counts = org(2_500, i => 1 + ((i * 37) % 300))
    const shards = planShards(counts, options)
    const ids = shards.flatMap(s => s.accountIds)
    expect(ids).toHaveLength(counts.size)
    expect(new Set(ids)).toEqual(new Set(counts.keys()))
    for (const shard of shards) {
      expect(shard.items).toBe(shard.accountIds.reduce((sum, id) => sum + counts.get(id)!, 0))
    }
    expect(shards.reduce((sum, s) => sum + s.items, 0)).toBe(
      [...counts.values()].reduce((a, b) => a + b, 0)
    )
  })

  it('plans nothing for an organisation without IAM items', () => {
    expect(planShards(new Map(), options)).toEqual([])
    expect(planShards(new Map([['111111111111', 0]]), options)).toEqual([])
  })

  it('runs the largest shards first and gives an account bigger than the target a shard of its own', () => {
    const counts = org(40, i => (i === 7 ? 9_000 : 120))
    const shards = planShards(counts, options)
    expect(shards[0]!.accountIds).toEqual([accountId(7)])
    const sizes = shards.map(s => s.items)
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a))
  })

  it('makes shards several pages long, cut where the last page is fullest', () => {
    // 30 items an account: a cut every 10 accounts fills every page.
    const shards = planShards(
      org(600, () => 30),
      options
    )
    expect(shards.length).toBeGreaterThanOrEqual(options.concurrency)
    for (const shard of shards.slice(0, -1)) {
      expect(shard.items).toBeGreaterThanOrEqual(500)
      expect(shard.items % 100).toBe(0)
    }
  })

  it('orders the accounts of a shard by id, whatever the order of the counts', () => {
    const counts = new Map([
      ['333333333333', 5],
      ['111111111111', 5],
      ['222222222222', 5]
    ])
    expect(planShards(counts, options).map(s => s.accountIds)).toEqual([
      ['111111111111', '222222222222', '333333333333']
    ])
  })

  it('refuses an expression that leaves no room for a single account', () => {
    expect(() =>
      planShards(new Map([['111111111111', 1]]), { ...options, maxExpressionLength: 60 })
    ).toThrow(/account 111111111111 alone would exceed 60 characters/)
  })
})

describe('shardExpression', () => {
  it('narrows the query to the accounts, quoted as SQL literals', () => {
    expect(shardExpression("SELECT a WHERE t = 'x'", ['111111111111', "o'brien"])).toBe(
      "SELECT a WHERE t = 'x' AND accountId IN ('111111111111', 'o''brien')"
    )
  })
})
