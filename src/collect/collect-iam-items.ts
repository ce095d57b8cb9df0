import type { ConfigQuery } from '../aws/config.js'
import {
  IAM_EXPRESSION,
  ROLE_COUNT_EXPRESSION,
  countItems,
  fetchItems,
  type ConfigClient,
  type Fetched
} from './iam-query.js'
import { dedupeItems } from '../report/dedupe.js'
import type { IamGroupItem, IamItem, IamPolicyItem, IamUserItem } from '../report/types.js'
import { collectShards, type ShardedAnswers } from './sharded.js'

const PROGRESS_EVERY_PAGES = 25

export interface Collected {
  readonly users: readonly IamUserItem[]
  readonly groups: readonly IamGroupItem[]
  readonly policies: readonly IamPolicyItem[]
  readonly pages: number
  readonly items: number
  readonly deletedCount: number
  readonly warnings: readonly string[]
  /** Accounts with any IAM resource in Config (users, groups, policies or roles): see coverage. */
  readonly coveredAccounts: ReadonlySet<string>
}

export interface CollectOptions {
  /** Shard queries in flight at once (aggregator only). */
  readonly maxConcurrency: number
}

/**
 * Users, groups and customer managed policies from Config, every page, one per resource. An
 * aggregator is read in shards side by side, checked against Config's own counts; one account's
 * Config is small enough to page through in one query.
 */
export async function collectIamItems(
  client: ConfigClient,
  source: Omit<ConfigQuery, 'expression'>,
  log: (message: string) => void,
  options: CollectOptions
): Promise<Collected> {
  let progress = 0
  const onPage = (): void => {
    if (++progress % PROGRESS_EVERY_PAGES === 0) log(`… ${progress} pages so far`)
  }
  let answers: ShardedAnswers
  if (source.aggregatorName === '') {
    const fetched = await fetchItems(client, { ...source, expression: IAM_EXPRESSION }, { onPage })
    const roles = await countItems(client, { ...source, expression: ROLE_COUNT_EXPRESSION })
    answers = {
      fetched: [fetched],
      pages: fetched.pages + roles.pages,
      warnings: [],
      roleAccounts: new Set(roles.counts.keys())
    }
  } else {
    answers = await collectShards(client, source, options.maxConcurrency, log, onPage)
  }
  const parseWarnings = new Set(answers.fetched.flatMap(f => [...f.warnings]))
  // Each shard's items as they are, not copied into one list of 100,000 first.
  const deduped = dedupeItems(itemsOf(answers.fetched))
  const items = answers.fetched.reduce((sum, f) => sum + f.items.length, 0)
  log(
    `Fetched ${answers.pages} page(s): ${items} items → ${deduped.users.length} users, ${deduped.groups.length} groups, ${deduped.policies.length} customer managed policies (${deduped.deletedCount} deleted skipped)`
  )
  const coveredAccounts = new Set(answers.roleAccounts)
  for (const f of answers.fetched) for (const item of f.items) coveredAccounts.add(item.accountId)
  return {
    ...deduped,
    pages: answers.pages,
    items,
    warnings: [...parseWarnings, ...answers.warnings],
    coveredAccounts
  }
}

function* itemsOf(fetched: readonly Fetched[]): Generator<IamItem, void, undefined> {
  for (const f of fetched) yield* f.items
}
