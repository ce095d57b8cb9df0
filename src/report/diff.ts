import { compareUserRecords } from './compare.js'
import type { Report, ReportDiff, UserChange, UserRecord } from './types.js'

type SameField = (before: UserRecord, after: UserRecord) => boolean

/** The privilege-bearing columns a change is detected on, in CSV column order. */
const COMPARED_FIELDS: readonly (readonly [string, SameField])[] = [
  ['groups', (a, b) => sameSet(a.groups, b.groups)],
  // Same policy name, different ARN: a customer managed policy that took an AWS managed policy's
  // name (or the reverse) grants different rights, so it counts as a managed_policies change.
  [
    'managed_policies',
    (a, b) =>
      sameSet(a.managed_policies, b.managed_policies) &&
      sameSet(a.managed_policy_arns, b.managed_policy_arns)
  ],
  ['inline_policies', (a, b) => sameSet(a.inline_policies, b.inline_policies)],
  ['group_managed_policies', (a, b) => sameSet(a.group_managed_policies, b.group_managed_policies)],
  ['group_inline_policies', (a, b) => sameSet(a.group_inline_policies, b.group_inline_policies)],
  ['permissions_boundary', (a, b) => a.permissions_boundary === b.permissions_boundary],
  ['is_admin', (a, b) => a.is_admin === b.is_admin]
]

export function becameAdmin(change: UserChange): boolean {
  return !change.before.is_admin && change.after.is_admin
}

export function isEmptyDiff(diff: ReportDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0
}

/**
 * Users are matched on `(account_id, user_id)`, not on name: IAM gives a re-created user a new
 * id, and a user deleted and re-created under the same name must be reported as new.
 */
export function diffReports(baseline: Report | null, current: Report): ReportDiff {
  if (baseline === null) {
    return { baselineGeneratedAt: null, added: [], removed: [], changed: [] }
  }
  const before = indexByAccountAndId(baseline.users)
  const added: UserRecord[] = []
  const changed: UserChange[] = []
  for (const after of current.users) {
    const account = before.get(after.account_id)
    const previous = account?.get(after.user_id)
    if (account === undefined || previous === undefined) {
      added.push(after)
      continue
    }
    account.delete(after.user_id)
    const fields = listChangedFields(previous, after)
    if (fields.length > 0) changed.push({ before: previous, after, fields })
  }
  const removed = [...before.values()].flatMap(account => [...account.values()])
  return {
    baselineGeneratedAt: baseline.generatedAt,
    added: added.sort(compareUserRecords),
    removed: removed.sort(compareUserRecords),
    changed: changed.sort(compareChanges)
  }
}

function listChangedFields(before: UserRecord, after: UserRecord): string[] {
  const fields: string[] = []
  for (const [field, same] of COMPARED_FIELDS) if (!same(before, after)) fields.push(field)
  return fields
}

/** Nested maps, not joined string keys: building 100,000 joined keys costs more than the diff. */
function indexByAccountAndId(users: readonly UserRecord[]): Map<string, Map<string, UserRecord>> {
  const accounts = new Map<string, Map<string, UserRecord>>()
  for (const user of users) {
    let account = accounts.get(user.account_id)
    if (account === undefined) {
      account = new Map()
      accounts.set(user.account_id, account)
    }
    account.set(user.user_id, user)
  }
  return accounts
}

function compareChanges(a: UserChange, b: UserChange): number {
  return Number(becameAdmin(b)) - Number(becameAdmin(a)) || compareUserRecords(a.after, b.after)
}

/** Config does not promise an order for lists, so order alone is not a change. */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length && a.every((value, i) => value === b[i])) return true
  const left = new Set(a)
  const right = new Set(b)
  if (left.size !== right.size) return false
  for (const value of left) if (!right.has(value)) return false
  return true
}
