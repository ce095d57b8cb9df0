// IAM's credential report (GetCredentialReport, text/csv) is the one place IAM lists console
// passwords, MFA and access-key use for every user of an account at once; Config records none of it.
import { parse } from 'csv-parse/sync'
import { formatIsoSeconds } from './iso-time.js'
import type { CredentialReportInfo, Report } from './types.js'

const DAY_MS = 86_400_000
const ROOT_USER = '<root_account>'
// IAM writes these instead of a date: no password / key (N/A), never used or used before IAM began
// tracking in 2014 (no_information), and the root row's password fields (not_supported).
const NO_DATE = new Set(['', 'N/A', 'no_information', 'not_supported'])

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date'
] as const

/** One access-key slot. Dates are ISO 8601 UTC (`2025-04-30T04:47:16Z`), '' when there is none. */
export interface AccessKeyUse {
  readonly active: boolean
  readonly lastRotated: string
  readonly lastUsed: string
}

/** One IAM user's row of the credential report (the root row is dropped). */
export interface CredentialRow {
  readonly user: string
  readonly arn: string
  readonly userCreationTime: string
  readonly passwordEnabled: boolean
  /** '' when the user has no password or never signed in with it. */
  readonly passwordLastUsed: string
  readonly mfaActive: boolean
  readonly accessKey1: AccessKeyUse
  readonly accessKey2: AccessKeyUse
}

/** Columns appended to the report when enrichment is on, in this order. */
export const ENRICHMENT_COLUMNS = [
  'password_enabled',
  'password_last_used',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used',
  'last_activity',
  'days_inactive'
] as const

/**
 * What the credential report adds to a user. Missing dates are '' (no password, empty key slot,
 * never used), the same convention as `permissions_boundary`. `stale` and `console_without_mfa`
 * feed the summary and issue; they are not CSV columns.
 */
export interface Enrichment {
  readonly password_enabled: boolean
  readonly password_last_used: string
  readonly mfa_active: boolean
  readonly access_key_1_active: boolean
  readonly access_key_1_last_rotated: string
  readonly access_key_1_last_used: string
  readonly access_key_2_active: boolean
  readonly access_key_2_last_rotated: string
  readonly access_key_2_last_used: string
  /** Latest of the password's and both keys' last use; '' when never active. */
  readonly last_activity: string
  /** Whole days since last_activity, or since creation when never active. */
  readonly days_inactive: number
  readonly stale: boolean
  readonly console_without_mfa: boolean
}

function isoOrEmpty(value: string): string {
  if (NO_DATE.has(value)) return ''
  const time = Date.parse(value)
  return Number.isNaN(time) ? '' : formatIsoSeconds(new Date(time))
}

/**
 * Parses the report by column name (IAM has appended columns before); drops the root row. Quoted
 * cells may hold commas (IAM allows them in names); blank lines and a byte order mark are skipped.
 */
export function parseCredentialReport(csv: string): CredentialRow[] {
  const [header, ...rows] = parse(csv, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true
  }) as string[][]
  if (!header) throw new Error('the credential report is empty')
  const index = new Map(header.map((name, k) => [name.trim(), k]))
  for (const name of REQUIRED_COLUMNS)
    if (!index.has(name)) throw new Error(`the credential report has no '${name}' column`)
  return rows
    .map(row => (name: (typeof REQUIRED_COLUMNS)[number]) => (row[index.get(name)!] ?? '').trim())
    .filter(cell => cell('user') !== ROOT_USER)
    .map(cell => {
      const key = (n: 1 | 2): AccessKeyUse => ({
        active: cell(`access_key_${n}_active`) === 'true',
        lastRotated: isoOrEmpty(cell(`access_key_${n}_last_rotated`)),
        lastUsed: isoOrEmpty(cell(`access_key_${n}_last_used_date`))
      })
      return {
        user: cell('user'),
        arn: cell('arn'),
        userCreationTime: isoOrEmpty(cell('user_creation_time')),
        passwordEnabled: cell('password_enabled') === 'true',
        passwordLastUsed: isoOrEmpty(cell('password_last_used')),
        mfaActive: cell('mfa_active') === 'true',
        accessKey1: key(1),
        accessKey2: key(2)
      }
    })
}

function wholeDaysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS))
}

/**
 * `createDate` is the report's own `create_date` (Config); the credential report's creation time
 * stands in when it is empty. Stale means strictly more than `staleDays` whole days without
 * activity and since creation, so a user exactly `staleDays` days quiet is not yet stale.
 */
export function enrichmentFor(
  row: CredentialRow,
  createDate: string,
  now: Date,
  staleDays: number
): Enrichment {
  const { accessKey1: k1, accessKey2: k2 } = row
  // Every date here went through formatIsoSeconds, so string order is time order.
  const lastActivity = [row.passwordLastUsed, k1.lastUsed, k2.lastUsed].reduce(
    (latest, t) => (t > latest ? t : latest),
    ''
  )
  const created = isoOrEmpty(createDate) || row.userCreationTime
  const since = lastActivity || created
  const daysInactive = since ? wholeDaysSince(since, now) : 0
  const age = created ? wholeDaysSince(created, now) : 0
  return {
    password_enabled: row.passwordEnabled,
    password_last_used: row.passwordLastUsed,
    mfa_active: row.mfaActive,
    access_key_1_active: k1.active,
    access_key_1_last_rotated: k1.lastRotated,
    access_key_1_last_used: k1.lastUsed,
    access_key_2_active: k2.active,
    access_key_2_last_rotated: k2.lastRotated,
    access_key_2_last_used: k2.lastUsed,
    last_activity: lastActivity,
    days_inactive: daysInactive,
    stale: daysInactive > staleDays && age > staleDays,
    console_without_mfa: row.passwordEnabled && !row.mfaActive
  }
}

/**
 * CSV cells in ENRICHMENT_COLUMNS order. A user with no credential report row (its account
 * failed, or it was created after IAM generated the report) gets empty cells, not guesses.
 */
export function enrichmentCells(enrichment: Enrichment | undefined): string[] {
  return ENRICHMENT_COLUMNS.map(column => (enrichment ? String(enrichment[column]) : ''))
}

/**
 * Adds each user's credential-report row, matched by ARN within the account. Users of an account
 * whose report failed, or created after IAM made the report (it is reused for up to 4 hours),
 * keep no enrichment: their columns stay empty.
 */
export function enrichReport(
  report: Report,
  byAccount: ReadonlyMap<string, ReadonlyMap<string, CredentialRow>>,
  info: CredentialReportInfo
): Report {
  const now = new Date(report.generatedAt)
  const users = report.users.map(user => {
    const row = byAccount.get(user.account_id)?.get(user.arn)
    return row
      ? { ...user, enrichment: enrichmentFor(row, user.create_date, now, info.staleDays) }
      : user
  })
  return { ...report, users, credentialReports: info }
}
