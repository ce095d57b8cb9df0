// An aggregator read in shards of accounts, side by side, checked against Config's own counts.
import { PAGE_SIZE, type ConfigQuery } from '../aws/config.js'
import { mapConcurrently } from '../concurrency.js'
import {
  COUNT_EXPRESSION,
  ROLE_COUNT_EXPRESSION,
  countItems,
  IAM_EXPRESSION,
  fetchItems,
  type ConfigClient,
  type Fetched,
  type FetchOptions
} from './iam-query.js'
import {
  addCount,
  compareCounts,
  describeMismatches,
  itemsPerAccount,
  type CountMismatch,
  type ItemCounts
} from './item-counts.js'
import { AdaptiveRateLimiter } from './rate-limiter.js'
import { compareCodeUnits } from '../report/compare.js'
import { resourceTypeOf } from '../report/resource-type.js'
import { planShards, type Shard } from './shard-plan.js'

// AWS publishes no rate for Config's Select APIs; AWS's own Workload Discovery holds itself to 8
// requests/s. Two per query slot gives that at the default max-concurrency of 4.
const REQUESTS_PER_SECOND_PER_SLOT = 2

export interface ShardedAnswers {
  /** The answer of each shard (its second when it was asked again). */
  readonly fetched: readonly Fetched[]
  /** Every page requested, the count's and the retried shards' included. */
  readonly pages: number
  readonly warnings: readonly string[]
  /** Accounts with IAM roles in the aggregator: covered even when they have no users. */
  readonly roleAccounts: ReadonlySet<string>
}

/**
 * Counts first (GROUP BY, every page), plans shards from the counts, then pages through
 * `concurrency` shards at a time, every request paced by one shared, adaptive rate limiter.
 */
export async function collectShards(
  client: ConfigClient,
  source: Omit<ConfigQuery, 'expression'>,
  concurrency: number,
  log: (message: string) => void,
  onPage: () => void
): Promise<ShardedAnswers> {
  const maxRate = REQUESTS_PER_SECOND_PER_SLOT * concurrency
  const limiter = new AdaptiveRateLimiter({
    maxRate,
    minRate: 0.5,
    burst: 1,
    backoff: 0.7,
    // From the lowest rate back to the highest in about 20 s without throttles.
    recoveryPerSecond: maxRate / 20
  })
  const counted = await countItems(client, { ...source, expression: COUNT_EXPRESSION }, limiter)
  const roles = await countItems(client, { ...source, expression: ROLE_COUNT_EXPRESSION }, limiter)
  const shards = planShards(itemsPerAccount(counted.counts), {
    expression: IAM_EXPRESSION,
    pageSize: PAGE_SIZE,
    concurrency
  })
  log(
    `Config counts ${shards.reduce((sum, s) => sum + s.items, 0)} items in ${counted.counts.size} accounts: ${shards.length} queries by account, ${concurrency} at a time, at most ${maxRate} requests/s`
  )
  const results = await mapConcurrently(shards, concurrency, (shard, signal) =>
    fetchShard(client, { ...source, expression: shard.expression }, shard, counted.counts, {
      pacer: limiter,
      signal,
      onPage
    })
  )
  if (limiter.throttles > 0) {
    log(
      `Config throttled ${limiter.throttles} request(s); the rate ended at ${limiter.currentRate.toFixed(1)} requests/s`
    )
  }
  const mismatches = results.flatMap(r => r.mismatches).sort(compareMismatches)
  return {
    fetched: results.map(r => r.fetched),
    pages: counted.pages + roles.pages + results.reduce((sum, r) => sum + r.pages, 0),
    warnings: mismatches.length > 0 ? [describeMismatches(mismatches)] : [],
    roleAccounts: new Set(roles.counts.keys())
  }
}

/**
 * One shard, checked against the counts. A mismatch is asked again once (Config may be updating
 * an account); one that stays is reported with the numbers, and the second answer is kept.
 */
async function fetchShard(
  client: ConfigClient,
  query: ConfigQuery,
  shard: Shard,
  expected: ItemCounts,
  options: FetchOptions
): Promise<{ fetched: Fetched; pages: number; mismatches: CountMismatch[] }> {
  const first = await fetchItems(client, query, options)
  const mismatches = compareCounts(expected, countReturned(first), shard.accountIds)
  if (mismatches.length === 0) return { fetched: first, pages: first.pages, mismatches }
  const second = await fetchItems(client, query, options)
  return {
    fetched: second,
    pages: first.pages + second.pages,
    mismatches: compareCounts(expected, countReturned(second), shard.accountIds)
  }
}

function countReturned(fetched: Fetched): ItemCounts {
  const counts: ItemCounts = new Map()
  for (const item of fetched.items) addCount(counts, item.accountId, resourceTypeOf(item))
  return counts
}

function compareMismatches(a: CountMismatch, b: CountMismatch): number {
  return (
    compareCodeUnits(a.accountId, b.accountId) || compareCodeUnits(a.resourceType, b.resourceType)
  )
}
