// Who can make themselves administrator (SPEC §11): each IAM action that leads to admin rights is
// checked on the one target it needs, against the policies reaching the user and its boundary.
import { compareCodeUnits } from './compare.js'
import { readPolicies, type PolicyRequest } from './policy-evaluation.js'

/** A policy that reaches the user; `via` in the admin_reason forms (`group:G/managed:P`…). */
export interface ReachingPolicy {
  readonly via: string
  /** The parsed document; undefined when it is not known (an AWS managed policy not read). */
  readonly document: unknown
}

export interface NamedArn {
  readonly name: string
  readonly arn: string
}

export interface EscalationSubject {
  /** `arn:<partition>:iam::<account>:user<path><name>` */
  readonly arn: string
  /**
   * In admin_reason order (user managed, user inline, group managed, group inline; each by name):
   * the first one that allows an action is its entry's `via`.
   */
  readonly policies: readonly ReachingPolicy[]
  readonly groups: readonly NamedArn[]
  /** Customer managed policies reaching the user, directly or through a group. */
  readonly customerPolicies: readonly NamedArn[]
  /** Absent when the user has no permissions boundary; `document` undefined when it was not read. */
  readonly boundary?: { readonly document: unknown }
}

/** The administrators of the user's own account. */
export interface AccountAdmins {
  /** Groups that make their members admin. */
  readonly adminGroups: readonly NamedArn[]
  readonly adminUsers: readonly NamedArn[]
}

export interface EscalationEntry {
  readonly action: string
  /** `self`, `group:<G>`, `policy:<P>` or `user:<U>` */
  readonly target: string
  readonly via: string
}

/** A resource an escalation action would be used on: `target` names it in the entry. */
interface Target {
  readonly target: string
  readonly arn: string
}

/** SPEC §11's table: the actions that lead to admin rights, and the targets each one needs. */
const ESCALATIONS: readonly {
  readonly actions: readonly string[]
  readonly targets: (subject: EscalationSubject, account: AccountAdmins) => Target[]
}[] = [
  {
    actions: ['iam:PutUserPolicy', 'iam:AttachUserPolicy'],
    targets: subject => [{ target: 'self', arn: subject.arn }]
  },
  {
    actions: ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy'],
    targets: subject =>
      subject.groups.map(group => ({ target: `group:${group.name}`, arn: group.arn }))
  },
  {
    actions: ['iam:CreatePolicyVersion'],
    targets: subject =>
      subject.customerPolicies.map(policy => ({ target: `policy:${policy.name}`, arn: policy.arn }))
  },
  {
    actions: ['iam:AddUserToGroup'],
    targets: (subject, account) => {
      const inAccount = isInAccountOf(subject.arn)
      const memberOf = new Set(subject.groups.map(group => group.name))
      return account.adminGroups
        .filter(group => inAccount(group.arn) && !memberOf.has(group.name))
        .map(group => ({ target: `group:${group.name}`, arn: group.arn }))
    }
  },
  {
    actions: ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
    targets: (subject, account) => {
      const inAccount = isInAccountOf(subject.arn)
      return account.adminUsers
        .filter(user => inAccount(user.arn) && user.arn !== subject.arn)
        .map(user => ({ target: `user:${user.name}`, arn: user.arn }))
    }
  }
]

/** The escalation paths open to the user, sorted by `<action> <target>`. */
export function findEscalations(
  subject: EscalationSubject,
  account: AccountAdmins
): EscalationEntry[] {
  const policies = readPolicies(subject.policies)
  const boundary = subject.boundary && readPolicies([subject.boundary])
  const userName = subject.arn.slice(subject.arn.lastIndexOf('/') + 1)
  const found: EscalationEntry[] = []
  for (const escalation of ESCALATIONS) {
    // Most users have no IAM write action at all: their targets are never listed.
    const actions = escalation.actions.filter(
      action => policies.mayAllow(action) && (boundary?.mayAllow(action) ?? true)
    )
    if (actions.length === 0) continue
    for (const { target, arn } of escalation.targets(subject, account)) {
      for (const action of actions) {
        const request: PolicyRequest = { action, resource: arn, userName }
        const policy = policies.findAllowing(request)
        // A boundary caps what the policies allow: it must allow the request too.
        const withinBoundary =
          boundary === undefined || boundary.findAllowing(request) !== undefined
        if (policy === undefined || !withinBoundary) continue
        found.push({ action, target, via: policy.via })
      }
    }
  }
  return sortUnique(found)
}

/** `<action> <target>`, as the `escalation` column lists it. */
export function formatEscalation(entry: Pick<EscalationEntry, 'action' | 'target'>): string {
  return [entry.action, entry.target].join(' ')
}

/** A group or policy reaching the user twice (directly and through a group) is one entry. */
function sortUnique(entries: EscalationEntry[]): EscalationEntry[] {
  const keyed = entries.map(entry => ({ key: formatEscalation(entry), entry }))
  keyed.sort((a, b) => compareCodeUnits(a.key, b.key))
  return keyed.filter((e, i) => e.key !== keyed[i - 1]?.key).map(e => e.entry)
}

/**
 * Membership and credentials lead to admin rights only inside the user's own account: the ARN must
 * start with the user's `arn:<partition>:iam::<account>:`, partition and account id both.
 */
function isInAccountOf(userArn: string): (arn: string) => boolean {
  const prefix = [...userArn.split(':', 5), ''].join(':')
  return arn => arn.startsWith(prefix)
}
