import { findAdminReason } from './admin.js'
import {
  compareCodeUnits,
  compareUserRecords,
  sortCodeUnits,
  sortedList,
  sortedUnique
} from './compare.js'
import { formatIsoSeconds } from './iso-time.js'
import type {
  AttachedPolicy,
  IamGroupItem,
  IamPolicyItem,
  IamUserItem,
  Report,
  UserRecord
} from './types.js'

export interface BuildReportInput {
  readonly users: readonly IamUserItem[]
  readonly groups: readonly IamGroupItem[]
  readonly policies: readonly IamPolicyItem[]
  /** Account id → name; accounts without one get ''. */
  readonly accountNames: ReadonlyMap<string, string>
  readonly aggregator: string | null
  readonly region: string
  readonly now: Date
}

/** A group a user belongs to that AWS Config did not return. */
export interface MissingGroup {
  readonly accountId: string
  readonly groupName: string
  readonly userName: string
}

export interface BuiltReport {
  readonly report: Report
  /** One line per missing group, then one per unrecorded customer managed policy; stable order. */
  readonly warnings: string[]
  readonly missingGroups: MissingGroup[]
}

// AWS managed policies are never Config items; only customer managed ones can be looked up.
const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\//
const NO_GROUPS: ReadonlyMap<string, IamGroupItem> = new Map()
const NONE: readonly string[] = []

/**
 * Group names in a user's `groupList` are resolved within the user's own account: the same name
 * in another account is another group. Every list in a record is sorted, so a report does not
 * change when Config returns the same lists in another order.
 */
export function buildReport(input: BuildReportInput): BuiltReport {
  const groupsByAccount = indexGroupsByAccount(input.groups)
  const policiesByArn = new Map(input.policies.map(policy => [policy.arn, policy]))
  const missingGroups: MissingGroup[] = []
  const unrecordedPolicies = new Set<string>()
  const noteUnrecorded = (policies: readonly AttachedPolicy[]): void => {
    for (const policy of policies) {
      if (!AWS_MANAGED_ARN.test(policy.arn) && !policiesByArn.has(policy.arn)) {
        unrecordedPolicies.add(policy.arn)
      }
    }
  }
  // What a group gives its members is the same for each of them: worked out on first use.
  const groupPolicies = new Map<IamGroupItem, GroupPolicies>()
  const policiesOf = (group: IamGroupItem): GroupPolicies => {
    let policies = groupPolicies.get(group)
    if (policies === undefined) {
      noteUnrecorded(group.managedPolicies)
      policies = {
        managed: sortCodeUnits(group.managedPolicies.map(p => qualified(group, p))),
        inline: sortCodeUnits(group.inlinePolicies.map(p => qualified(group, p)))
      }
      groupPolicies.set(group, policies)
    }
    return policies
  }

  const users = input.users.map(user => {
    const accountGroups = groupsByAccount.get(user.accountId) ?? NO_GROUPS
    const groupNames = sortedUnique(user.groups)
    const groups: GroupPolicies[] = []
    for (const groupName of groupNames) {
      const group = accountGroups.get(groupName)
      if (group) groups.push(policiesOf(group))
      else missingGroups.push({ accountId: user.accountId, groupName, userName: user.userName })
    }
    noteUnrecorded(user.managedPolicies)
    const adminReason = findAdminReason(user, accountGroups, policiesByArn)
    return toRecord(
      user,
      groupNames,
      groups,
      input.accountNames.get(user.accountId) ?? '',
      adminReason
    )
  })
  users.sort(compareUserRecords)
  missingGroups.sort(
    (a, b) =>
      compareCodeUnits(a.accountId, b.accountId) ||
      compareCodeUnits(a.groupName, b.groupName) ||
      compareCodeUnits(a.userName, b.userName)
  )

  return {
    report: {
      schemaVersion: 1,
      generatedAt: formatIsoSeconds(input.now),
      source: { aggregator: input.aggregator, region: input.region },
      users
    },
    warnings: [
      ...describeMissingGroups(missingGroups),
      ...describeUnrecordedPolicies(unrecordedPolicies)
    ],
    missingGroups
  }
}

function indexGroupsByAccount(
  groups: readonly IamGroupItem[]
): Map<string, Map<string, IamGroupItem>> {
  const byAccount = new Map<string, Map<string, IamGroupItem>>()
  for (const group of groups) {
    let byName = byAccount.get(group.accountId)
    if (!byName) byAccount.set(group.accountId, (byName = new Map()))
    byName.set(group.groupName, group)
  }
  return byAccount
}

/** `GroupName/PolicyName` entries of one group, sorted. */
interface GroupPolicies {
  readonly managed: readonly string[]
  readonly inline: readonly string[]
}

// Joined, not concatenated: a rope would be flattened into a second copy by every JSON.stringify.
function qualified(group: IamGroupItem, policy: { readonly name: string }): string {
  return [group.groupName, policy.name].join('/')
}

/** Lists are shared between records where they are equal: records are never changed. */
function toRecord(
  user: IamUserItem,
  groupNames: readonly string[],
  groups: readonly GroupPolicies[],
  accountName: string,
  adminReason: string
): UserRecord {
  // Sorted as pairs so that managed_policies[i] and managed_policy_arns[i] name the same policy.
  const managed =
    user.managedPolicies.length <= 1
      ? user.managedPolicies
      : [...user.managedPolicies].sort(
          (a, b) => compareCodeUnits(a.name, b.name) || compareCodeUnits(a.arn, b.arn)
        )
  const fromGroups = (list: (group: GroupPolicies) => readonly string[]): readonly string[] =>
    groups.length === 0
      ? NONE
      : groups.length === 1
        ? list(groups[0] as GroupPolicies)
        : sortCodeUnits(groups.flatMap(list))
  return {
    account_id: user.accountId,
    account_name: accountName,
    user_name: user.userName,
    user_id: user.userId,
    arn: user.arn,
    path: user.path,
    create_date: user.createDate,
    groups: groupNames,
    managed_policies: managed.length === 0 ? NONE : managed.map(policy => policy.name),
    inline_policies:
      user.inlinePolicies.length === 0
        ? NONE
        : sortCodeUnits(user.inlinePolicies.map(policy => policy.name)),
    group_managed_policies: fromGroups(group => group.managed),
    group_inline_policies: fromGroups(group => group.inline),
    permissions_boundary: user.permissionsBoundary,
    is_admin: adminReason !== '',
    admin_reason: adminReason,
    tags: sortedList(user.tags),
    config_captured_at: user.capturedAt,
    managed_policy_arns: managed.length === 0 ? NONE : managed.map(policy => policy.arn)
  }
}

function describeMissingGroups(missingGroups: readonly MissingGroup[]): string[] {
  const members = new Map<string, number>()
  for (const { accountId, groupName } of missingGroups) {
    const key = `Group '${groupName}' in account ${accountId}`
    members.set(key, (members.get(key) ?? 0) + 1)
  }
  return [...members].map(
    ([group, count]) =>
      `${group} has ${count} member(s) but is not in AWS Config: it is listed in their groups, but its policies are not in the report and not checked for admin rights.`
  )
}

function describeUnrecordedPolicies(arns: ReadonlySet<string>): string[] {
  return sortCodeUnits(arns).map(
    arn =>
      `Customer managed policy ${arn} is attached but not in AWS Config: it is listed, but not checked for admin rights.`
  )
}
