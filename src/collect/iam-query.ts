// The IAM query, and reading its pages into items.
import type { ConfigServiceClient } from '@aws-sdk/client-config-service'
import { selectPages, type ConfigQuery } from '../aws/config.js'
import type { RequestPacer } from '../aws/pacing.js'
import { SELECT_FIELDS, parseConfigItem } from '../report/config-item.js'
import type { IamItem } from '../report/types.js'

const IAM_TYPES = "resourceType IN ('AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Policy')"
export const IAM_EXPRESSION = `SELECT ${SELECT_FIELDS.join(', ')} WHERE ${IAM_TYPES}`
/** Items per account and type: what a sharded collection plans with and checks against. */
export const COUNT_EXPRESSION = `SELECT accountId, resourceType, COUNT(*) WHERE ${IAM_TYPES} GROUP BY accountId, resourceType`

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
