// Which accounts the aggregator holds IAM data for, and which lost it since the last report.
import { compareCodeUnits } from './compare.js'
import type { Report } from './types.js'

/** An account as Organizations lists it. */
export interface OrgAccount {
  readonly id: string
  readonly name: string
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`… */
  readonly state: string
}

/** An ACTIVE account of the organization with no IAM resource of any type in the aggregator. */
export interface UncoveredAccount {
  readonly id: string
  readonly name: string
  readonly cause: string
}

/** An account that had users at the baseline and has no IAM data now: its users are not "removed". */
export interface LostAccount {
  readonly id: string
  readonly name: string
  readonly baselineUsers: number
}

export interface Coverage {
  /** Null when Organizations could not be read: coverage is then unknown. */
  readonly uncovered: readonly UncoveredAccount[] | null
  readonly lost: readonly LostAccount[]
}

const NOT_RECORDED =
  "no IAM data: the account's Config recorder does not record IAM (global) resources, or the account is not a source of the aggregator"
const LOST =
  "no IAM data since the last report: the aggregator lost this account's data (check the aggregator's source status)"

/**
 * `covered` holds every account with an IAM resource of any type in the aggregator: users,
 * groups, customer managed policies or roles (every account has roles, so an account with none
 * is not recorded). An account with users at the baseline that is not covered now lost its data,
 * unless it left the organization — then its users are ordinary removals. Without the
 * organization's list, every such account counts as lost: reporting thousands of users as
 * deleted because the aggregator lost its data would be worse than a failed step.
 */
export function assessCoverage(
  covered: ReadonlySet<string>,
  organization: readonly OrgAccount[] | null,
  baseline: Report | null
): Coverage {
  const inOrganization = organization ? new Map(organization.map(a => [a.id, a])) : null
  const baselineUsers = new Map<string, { name: string; users: number }>()
  for (const user of baseline?.users ?? []) {
    const entry = baselineUsers.get(user.account_id) ?? { name: user.account_name, users: 0 }
    entry.users++
    baselineUsers.set(user.account_id, entry)
  }
  const lost: LostAccount[] = []
  for (const [id, { name, users }] of baselineUsers) {
    if (covered.has(id)) continue
    if (inOrganization !== null && !inOrganization.has(id)) continue
    lost.push({ id, name: inOrganization?.get(id)?.name || name, baselineUsers: users })
  }
  const uncovered = organization
    ?.filter(a => a.state === 'ACTIVE' && !covered.has(a.id))
    .map(a => ({ id: a.id, name: a.name, cause: baselineUsers.has(a.id) ? LOST : NOT_RECORDED }))
  return {
    uncovered: uncovered ? uncovered.sort(byId) : null,
    lost: lost.sort(byId)
  }
}

/** The baseline without the users of accounts that lost their data, so they are not "removed". */
export function withoutLostAccounts(baseline: Report | null, coverage: Coverage): Report | null {
  if (baseline === null || coverage.lost.length === 0) return baseline
  const lost = new Set(coverage.lost.map(a => a.id))
  return { ...baseline, users: baseline.users.filter(u => !lost.has(u.account_id)) }
}

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return compareCodeUnits(a.id, b.id)
}
