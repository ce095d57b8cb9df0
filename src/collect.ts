import type { ConfigServiceClient } from '@aws-sdk/client-config-service'
import { selectPages } from './aws/config-query.js'
import { SELECT_FIELDS, parseConfigItem } from './report/config-item.js'
import { dedupeItems } from './report/dedupe.js'
import type { IamGroupItem, IamItem, IamPolicyItem, IamUserItem } from './report/types.js'

export const IAM_EXPRESSION = `SELECT ${SELECT_FIELDS.join(', ')} WHERE resourceType IN ('AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Policy')`

export interface Collected {
  readonly users: readonly IamUserItem[]
  readonly groups: readonly IamGroupItem[]
  readonly policies: readonly IamPolicyItem[]
  readonly pages: number
  readonly items: number
  readonly deletedCount: number
  readonly warnings: readonly string[]
}

/** Users, groups and customer managed policies from Config, every page, one per resource. */
export async function collectIamItems(
  client: Pick<ConfigServiceClient, 'send'>,
  query: { aggregatorName: string; region: string },
  log: (message: string) => void
): Promise<Collected> {
  const items: IamItem[] = []
  // Copies of one resource from several regions raise the same warning once.
  const warnings = new Set<string>()
  let pages = 0
  let users = 0
  for await (const page of selectPages(client, { ...query, expression: IAM_EXPRESSION })) {
    pages++
    for (const row of page) {
      const item = parseConfigItem(row, warning => warnings.add(warning))
      if (item.kind === 'user') users++
      items.push(item)
    }
    if (pages % 25 === 0) log(`… ${pages} pages, ${items.length} items, ${users} user items so far`)
  }
  const deduped = dedupeItems(items)
  log(
    `Fetched ${pages} page(s): ${items.length} items → ${deduped.users.length} users, ${deduped.groups.length} groups, ${deduped.policies.length} customer managed policies (${deduped.deletedCount} deleted skipped)`
  )
  return { ...deduped, pages, items: items.length, warnings: [...warnings] }
}
