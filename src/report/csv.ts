import { stringify } from 'csv-stringify/sync'
import type { Report, UserRecord } from './types.js'

export const CSV_COLUMNS = [
  'account_id',
  'account_name',
  'user_name',
  'user_id',
  'arn',
  'path',
  'create_date',
  'groups',
  'managed_policies',
  'inline_policies',
  'group_managed_policies',
  'group_inline_policies',
  'permissions_boundary',
  'is_admin',
  'admin_reason',
  'tags',
  'config_captured_at'
] as const satisfies readonly (keyof UserRecord)[]

// Spreadsheets run a cell that starts with one of these as a formula (OWASP CSV injection). IAM
// names may start with = + - @, and account names may hold any text.
const FORMULA_TRIGGER = /^[=+\-@\t\r]/

export function neutraliseCell(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value
}

/**
 * RFC 4180: CRLF line endings and quotes where needed. csv-stringify quotes a field holding its own
 * record delimiter but not a lone LF or CR, which would still split the row in most readers.
 * Lists are joined with `;`, which IAM names cannot contain.
 */
export function toCsv(report: Report): string {
  return stringify(report.users.map(toCells), {
    header: true,
    columns: CSV_COLUMNS,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/
  })
}

function toCells(user: UserRecord): string[] {
  return CSV_COLUMNS.map(column => {
    const value = user[column]
    const text =
      typeof value === 'boolean'
        ? String(value)
        : typeof value === 'string'
          ? value
          : value.join(';')
    return neutraliseCell(text)
  })
}
