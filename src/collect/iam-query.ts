// The IAM query, and reading its pages into items.
import type { ConfigServiceClient } from '@aws-sdk/client-config-service'
import { selectPages, type ConfigQuery } from '../aws/config.js'
import type { RequestPacer } from '../aws/pacing.js'
import { SELECT_FIELDS, parseConfigItem } from '../report/config-item.js'
import type { IamItem } from '../report/types.js'
import { addCountRow, type ItemCounts } from './item-counts.js'

const IAM_TYPES = "resourceType IN ('AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Policy')"
export const IAM_EXPRESSION = `SELECT ${SELECT_FIELDS.join(', ')} WHERE ${IAM_TYPES}`
/** Items per account and type: what a sharded collection plans with and checks against. */
export const COUNT_EXPRESSION = `SELECT accountId, resourceType, COUNT(*) WHERE ${IAM_TYPES} GROUP BY accountId, resourceType`
/**
 * Roles per account: every account has roles (OrganizationAccountAccessRole, service-linked
 * roles), so an account with none has no IAM data in Config at all, not merely no users.
 */
export const ROLE_COUNT_EXPRESSION =
  "SELECT accountId, resourceType, COUNT(*) WHERE resourceType = 'AWS::IAM::Role' GROUP BY accountId, resourceType"

export type ConfigClient = Pick<ConfigServiceClient, 'send'>

/** What one query returned: parsed items, in the order Config sent them. */
export interface Fetched {
  readonly items: IamItem[]
  readonly pages: number
  readonly warnings: ReadonlySet<string>
}

export interface FetchOptions {
  readonly pacer?: RequestPacer
  /** Aborted when another query failed: stop between pages. */
  readonly signal?: AbortSignal
  readonly onPage?: () => void
}

/** Every page of `query`, each row parsed as it arrives: raw pages are never held. */
export async function fetchItems(
  client: ConfigClient,
  query: ConfigQuery,
  options: FetchOptions = {}
): Promise<Fetched> {
  const items: IamItem[] = []
  // Copies of one resource from several regions raise the same warning once.
  const warnings = new Set<string>()
  const addWarning = (warning: string): void => void warnings.add(warning)
  let pages = 0
  for await (const page of selectPages(client, query, { pacer: options.pacer })) {
    options.signal?.throwIfAborted()
    pages++
    for (const row of page) items.push(parseConfigItem(row, addWarning))
    options.onPage?.()
  }
  return { items, pages, warnings }
}

/** Every page of a `… COUNT(*) … GROUP BY accountId, resourceType` query, in Config's own page size. */
export async function countItems(
  client: ConfigClient,
  query: ConfigQuery,
  pacer?: RequestPacer
): Promise<{ counts: ItemCounts; pages: number }> {
  const counts: ItemCounts = new Map()
  let pages = 0
  for await (const page of selectPages(client, query, { limit: null, pacer })) {
    pages++
    for (const row of page) addCountRow(counts, row)
  }
  return { counts, pages }
}
