// Table cells that the job summary and the issue both show: who a user is, whether they are
// admin, what changed, and what their account's credential report says about them.
import { codeList, codeSpan, formatCount } from './markdown.js'
import { tableSection, type TableSection } from './tables.js'
import type { Report, UserChange, UserRecord } from '../types.js'

export const USER_COLUMNS = ['Account', 'Account name', 'User'] as const

export function userCells(user: UserRecord): string[] {
  return [codeSpan(user.account_id), codeSpan(user.account_name), codeSpan(user.user_name)]
}

/** `yes: <reason>` or `no`; the issue passes a bold yes so admins stand out among the changes. */
export function adminCell(user: UserRecord, yes = 'yes'): string {
  return user.is_admin ? `${yes}: ${codeSpan(user.admin_reason)}` : 'no'
}

/** A new or a removed user: who, created when, admin or not. */
export function newOrRemovedCells(user: UserRecord, yes?: string): string[] {
  return [...userCells(user), codeSpan(user.create_date), adminCell(user, yes)]
}

export function changedCells(change: UserChange): string[] {
  return [...userCells(change.after), describeChange(change)]
}

/**
 * With the credential-report enrichment: stale users and console users without MFA, each cut at
 * `maxRows`. A table may be empty; the caller leaves those out.
 */
export function credentialTables(report: Report, maxRows?: number): TableSection[] {
  const info = report.credentialReports
  if (info === undefined) return []
  const when = (iso: string) => (iso === '' ? 'never' : codeSpan(iso))
  return [
    tableSection(
      `Stale users: no activity for more than ${formatCount(info.staleDays)} days`,
      [...USER_COLUMNS, 'Last activity', 'Days inactive'],
      report.users.filter(u => u.enrichment?.stale),
      u => [
        ...userCells(u),
        when(u.enrichment!.last_activity),
        formatCount(u.enrichment!.days_inactive)
      ],
      maxRows
    ),
    tableSection(
      'Console users without MFA',
      [...USER_COLUMNS, 'Password last used'],
      report.users.filter(u => u.enrichment?.console_without_mfa),
      u => [...userCells(u), when(u.enrichment!.password_last_used)],
      maxRows
    )
  ]
}

/** One table cell that says what moved for a changed user: `+added −removed` per list. */
export function describeChange(change: UserChange): string {
  const { before, after } = change
  return change.fields
    .map(field => {
      switch (field) {
        case 'permissions_boundary':
          return `${field}: ${codeSpan(before.permissions_boundary)} → ${codeSpan(after.permissions_boundary)}`
        case 'is_admin':
          return `${field}: ${before.is_admin} → ${after.is_admin}`
        case 'managed_policies':
          return describeListChange(
            field,
            before.managed_policies,
            after.managed_policies,
            before.managed_policy_arns,
            after.managed_policy_arns
          )
        default: {
          const key = field as ListField
          return describeListChange(field, before[key], after[key])
        }
      }
    })
    .join('<br>')
}

type ListField = 'groups' | 'inline_policies' | 'group_managed_policies' | 'group_inline_policies'

function describeListChange(
  field: string,
  before: readonly string[],
  after: readonly string[],
  beforeArns: readonly string[] = [],
  afterArns: readonly string[] = []
): string {
  let added = subtract(after, before)
  let removed = subtract(before, after)
  // Same names on both sides: the difference is in the ARNs, so show those.
  if (added.length === 0 && removed.length === 0) {
    added = subtract(afterArns, beforeArns)
    removed = subtract(beforeArns, afterArns)
  }
  const parts = [
    added.length > 0 ? `+${codeList(added)}` : '',
    removed.length > 0 ? `\u2212${codeList(removed)}` : ''
  ]
  return `${field}: ${parts.filter(p => p !== '').join(' ')}`
}

function subtract(from: readonly string[], other: readonly string[]): string[] {
  const exclude = new Set(other)
  return from.filter(value => !exclude.has(value))
}
