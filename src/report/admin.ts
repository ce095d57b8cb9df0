// Decides whether a user can do everything, from the policies Config recorded for it.
import { asList, isJsonObject } from './config-fields.js'
import { sortedUnique } from './compare.js'
import type {
  AttachedPolicy,
  IamGroupItem,
  IamPolicyItem,
  IamUserItem,
  InlinePolicy
} from './types.js'

// Partitions: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc…
const ADMINISTRATOR_ACCESS = /^arn:aws(-[a-z]+)*:iam::aws:policy\/AdministratorAccess$/
const FULL_ACTIONS = new Set(['*', '*:*'])

export function isAdministratorAccessArn(arn: string): boolean {
  return ADMINISTRATOR_ACCESS.test(arn)
}

/**
 * True when one statement allows every action on every resource unconditionally. `NotAction` and
 * `NotResource` statements never count, even though some grant nearly everything: the report flags
 * full administrators only. `Effect` is compared case-sensitively, as IAM's policy grammar has it.
 */
export function isAdminDocument(document: unknown): boolean {
  if (!isJsonObject(document)) return false
  return asList(document.Statement).some(
    statement =>
      isJsonObject(statement) &&
      statement.Effect === 'Allow' &&
      asList(statement.Action).some(
        action => typeof action === 'string' && FULL_ACTIONS.has(action)
      ) &&
      asList(statement.Resource).includes('*') &&
      hasNoCondition(statement.Condition)
  )
}

export function hasNoCondition(condition: unknown): boolean {
  return (
    condition === undefined ||
    condition === null ||
    (isJsonObject(condition) && Object.keys(condition).length === 0)
  )
}

/**
 * The first path that makes the user an administrator, or '' when none does: managed policies
 * attached to the user, then its inline policies, then its groups' managed policies, then their
 * inline policies; within each, by name, so the reason does not depend on Config's list order.
 * `groupsByName` holds the groups of the user's own account only.
 */
export function findAdminReason(
  user: IamUserItem,
  groupsByName: ReadonlyMap<string, IamGroupItem>,
  policiesByArn: ReadonlyMap<string, IamPolicyItem>
): string {
  const isAdminManaged = (policy: AttachedPolicy): boolean =>
    isAdministratorAccessArn(policy.arn) || policiesByArn.get(policy.arn)?.grantsAdmin === true
  const groups: IamGroupItem[] = []
  for (const name of sortedUnique(user.groups)) {
    const group = groupsByName.get(name)
    if (group) groups.push(group)
  }
  const managed = firstByName(user.managedPolicies, isAdminManaged)
  if (managed !== undefined) return `managed:${managed}`
  const inline = firstByName(user.inlinePolicies, isAdminInline)
  if (inline !== undefined) return `inline:${inline}`
  for (const group of groups) {
    const name = firstByName(group.managedPolicies, isAdminManaged)
    if (name !== undefined) return `group:${group.groupName}/managed:${name}`
  }
  for (const group of groups) {
    const name = firstByName(group.inlinePolicies, isAdminInline)
    if (name !== undefined) return `group:${group.groupName}/inline:${name}`
  }
  return ''
}

function isAdminInline(policy: InlinePolicy): boolean {
  return policy.grantsAdmin
}

/** The smallest name among the policies that make an administrator; no sorting, no copies. */
function firstByName<T extends { readonly name: string }>(
  policies: readonly T[],
  isAdmin: (policy: T) => boolean
): string | undefined {
  let first: string | undefined
  for (const policy of policies) {
    if ((first === undefined || policy.name < first) && isAdmin(policy)) first = policy.name
  }
  return first
}
