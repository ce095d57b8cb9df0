// Splits an organisation into `accountId IN (...)` queries that Config can page through side by
// side. Pure: tested with plain numbers, no Config.
import { compareCodeUnits } from '../report/compare.js'

/** Config rejects a query expression longer than this. */
export const MAX_EXPRESSION_LENGTH = 4096

/** One query over a set of accounts. */
export interface Shard {
  readonly accountIds: readonly string[]
  /** Items Config counted for these accounts. */
  readonly items: number
  readonly expression: string
}

export interface ShardPlanOptions {
  /** A `SELECT … WHERE …` that each shard narrows with `AND accountId IN (…)`. */
  readonly expression: string
  readonly pageSize: number
  /** Queries in flight at once. */
  readonly concurrency: number
  readonly maxExpressionLength?: number
}

// Each query ends on a part-filled page, so a shard should hold many pages' worth of items; but
// the last shards to finish run with fewer queries in flight, so each should be a small share of
// one query slot's work. A few shards per slot balance the two.
const SHARDS_PER_SLOT = 4
const MIN_SHARD_PAGES = 5
const IN_PREFIX = ' AND accountId IN ('
const SEPARATOR = ', '

/**
 * Accounts in id order, packed into shards of about `target` items, each expression within the
 * length limit. Past the target a shard may take up to a page more, cut where its last page is
 * fullest: the part-filled last page of each shard is a request that carries less. An account
 * bigger than the target is a shard of its own. Largest shards first, so that no long query
 * starts last and holds up the end of the run.
 */
export function planShards(
  itemsByAccount: ReadonlyMap<string, number>,
  options: ShardPlanOptions
): Shard[] {
  const { pageSize } = options
  const maxLength = options.maxExpressionLength ?? MAX_EXPRESSION_LENGTH
  const accounts = [...itemsByAccount]
    .filter(([, items]) => items > 0)
    .sort(([a], [b]) => compareCodeUnits(a, b))
  const total = accounts.reduce((sum, [, items]) => sum + items, 0)
  const slots = Math.max(1, options.concurrency) * SHARDS_PER_SLOT
  const target = pageSize * Math.max(MIN_SHARD_PAGES, Math.ceil(total / pageSize / slots))
  const fixedLength = options.expression.length + IN_PREFIX.length + ')'.length

  const shards: Shard[] = []
  for (let start = 0; start < accounts.length;) {
    let end = start
    let cut = start
    let items = 0
    let length = fixedLength
    let leastWaste = pageSize
    while (end < accounts.length) {
      const [accountId, count] = accounts[end] as [string, number]
      const cost = quote(accountId).length + (end > start ? SEPARATOR.length : 0)
      if (length + cost > maxLength || (end > start && items + count > target + pageSize)) break
      length += cost
      items += count
      end++
      if (items >= target) {
        const waste = (pageSize - (items % pageSize)) % pageSize
        if (waste < leastWaste) {
          leastWaste = waste
          cut = end
        }
        if (waste === 0) break
      }
    }
    if (end === start) {
      throw new Error(
        `A query for account ${accounts[start]?.[0]} alone would exceed ${maxLength} characters.`
      )
    }
    if (cut === start) cut = end
    const chosen = accounts.slice(start, cut)
    const ids = chosen.map(([accountId]) => accountId)
    shards.push({
      accountIds: ids,
      items: chosen.reduce((sum, [, count]) => sum + count, 0),
      expression: shardExpression(options.expression, ids)
    })
    start = cut
  }
  return shards.sort((a, b) => b.items - a.items)
}

export function shardExpression(expression: string, accountIds: readonly string[]): string {
  return `${expression}${IN_PREFIX}${accountIds.map(quote).join(SEPARATOR)})`
}

// Account ids are digits; doubling quotes keeps any other text a literal all the same.
function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
