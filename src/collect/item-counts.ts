// Config's own item counts per account and resource type, and the check of what a query returned
// against them. COUNT(*) counts items, not resources (a user recorded in two regions counts twice,
// a deleted item counts too), so what a query returned is counted the same way: before dedupe.
import { isJsonObject } from '../report/config-fields.js'

/** accountId → resourceType → items. */
export type ItemCounts = Map<string, Map<string, number>>

export interface CountMismatch {
  readonly accountId: string
  readonly resourceType: string
  /** Counted by Config's GROUP BY query. */
  readonly expected: number
  /** Returned by the shard's query. */
  readonly returned: number
}

/** Config names the aggregate column after the expression. */
const COUNT_COLUMN = 'COUNT(*)'
const MISMATCHES_LISTED = 20
const TYPE_NAMES: Readonly<Record<string, string>> = {
  'AWS::IAM::User': 'users',
  'AWS::IAM::Group': 'groups',
  'AWS::IAM::Policy': 'customer managed policies'
}

export function addCount(
  counts: ItemCounts,
  accountId: string,
  resourceType: string,
  items = 1
): void {
  let byType = counts.get(accountId)
  if (byType === undefined) counts.set(accountId, (byType = new Map()))
  byType.set(resourceType, (byType.get(resourceType) ?? 0) + items)
}

/** Adds one row of `SELECT accountId, resourceType, COUNT(*) … GROUP BY accountId, resourceType`. */
export function addCountRow(counts: ItemCounts, row: string): void {
  let value: unknown
  try {
    value = JSON.parse(row)
  } catch {
    value = undefined
  }
  const count = isJsonObject(value) ? value[COUNT_COLUMN] : undefined
  if (
    !isJsonObject(value) ||
    typeof value.accountId !== 'string' ||
    value.accountId === '' ||
    typeof value.resourceType !== 'string' ||
    typeof count !== 'number' ||
    !Number.isInteger(count) ||
    count < 0
  ) {
    throw new Error(`AWS Config returned a count row that cannot be read: ${row.slice(0, 120)}`)
  }
  addCount(counts, value.accountId, value.resourceType, count)
}

export function itemsPerAccount(counts: ItemCounts): Map<string, number> {
  const totals = new Map<string, number>()
  for (const [accountId, byType] of counts) {
    let sum = 0
    for (const items of byType.values()) sum += items
    totals.set(accountId, sum)
  }
  return totals
}

/** Every (account, resource type) of `accountIds` whose returned items differ from the count. */
export function compareCounts(
  expected: ItemCounts,
  returned: ItemCounts,
  accountIds: readonly string[]
): CountMismatch[] {
  const mismatches: CountMismatch[] = []
  for (const accountId of accountIds) {
    const want = expected.get(accountId) ?? new Map<string, number>()
    const got = returned.get(accountId) ?? new Map<string, number>()
    const types = [...new Set([...want.keys(), ...got.keys()])].sort()
    for (const resourceType of types) {
      const e = want.get(resourceType) ?? 0
      const r = got.get(resourceType) ?? 0
      if (e !== r) mismatches.push({ accountId, resourceType, expected: e, returned: r })
    }
  }
  return mismatches
}

/** One warning for every mismatch left after the retry, with the numbers. */
export function describeMismatches(mismatches: readonly CountMismatch[]): string {
  const accounts = new Set(mismatches.map(m => m.accountId)).size
  const listed = mismatches
    .slice(0, MISMATCHES_LISTED)
    .map(
      m =>
        `${m.accountId} ${TYPE_NAMES[m.resourceType] ?? m.resourceType}: ${m.expected} counted, ${m.returned} returned`
    )
  const more = mismatches.length - listed.length
  return (
    `AWS Config returned other numbers of items than it counted for ${accounts} account(s), also when asked again: ` +
    `${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}. ` +
    'Users, groups or policies created or deleted during the run explain small differences; otherwise run the report again.'
  )
}
