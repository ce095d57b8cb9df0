import { resourceTypeOf } from './resource-type.js'
import type { IamGroupItem, IamItem, IamPolicyItem, IamUserItem } from './types.js'

export interface DedupedItems {
  readonly users: IamUserItem[]
  readonly groups: IamGroupItem[]
  readonly policies: IamPolicyItem[]
  /** Resources whose newest item says they were deleted. */
  readonly deletedCount: number
}

/**
 * IAM is global, but an account that records global resources in several regions yields one item
 * per region: keep the newest item of each `(accountId, resourceType, resourceId)`. One pass over
 * the items and one map entry per resource, so 100,000 users cost 100,000 map operations.
 */
export function dedupeItems(items: Iterable<IamItem>): DedupedItems {
  // Type → account → resource id: no key string is built for each of 100,000 items.
  const newest = new Map<string, Map<string, Map<string, IamItem>>>()
  for (const item of items) {
    const type = resourceTypeOf(item)
    let byAccount = newest.get(type)
    if (byAccount === undefined) newest.set(type, (byAccount = new Map()))
    let byId = byAccount.get(item.accountId)
    if (byId === undefined) byAccount.set(item.accountId, (byId = new Map()))
    const kept = byId.get(item.resourceId)
    if (kept === undefined || supersedes(item, kept)) byId.set(item.resourceId, item)
  }
  const result = {
    users: [] as IamUserItem[],
    groups: [] as IamGroupItem[],
    policies: [] as IamPolicyItem[]
  }
  let deletedCount = 0
  for (const byAccount of newest.values()) {
    for (const byId of byAccount.values()) {
      for (const item of byId.values()) {
        if (item.kind === 'user') result.users.push(item)
        else if (item.kind === 'group') result.groups.push(item)
        else if (item.kind === 'policy') result.policies.push(item)
        else deletedCount++
      }
    }
  }
  return { ...result, deletedCount }
}

/**
 * Capture times share one fixed ISO format, so string order is time order. On a tie a live item
 * beats a deleted one: listing a just-deleted user for one more run is safer than hiding a live
 * one. Then the content decides (every copy may say `awsRegion: global`), so the result never
 * depends on the order rows arrive in.
 */
function supersedes(candidate: IamItem, kept: IamItem): boolean {
  if (candidate.capturedAt !== kept.capturedAt) return candidate.capturedAt > kept.capturedAt
  const candidateDeleted = candidate.kind === 'deleted'
  if (candidateDeleted !== (kept.kind === 'deleted')) return !candidateDeleted
  return JSON.stringify(candidate) < JSON.stringify(kept)
}
