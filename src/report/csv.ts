import { stringify, type Options } from 'csv-stringify/sync'
import { ENRICHMENT_COLUMNS, enrichmentCells } from './credential-report.js'
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

const CSV_OPTIONS: Options = {
  record_delimiter: '\r\n',
  // RFC 4180 quotes a field holding the delimiter, a quote or a line break; a lone CR or LF
  // counts too, as most readers split rows on either.
  quote_record_delimiter: true,
  // A spreadsheet whose locale splits CSV on `;` (German or French Excel) keeps a list one cell.
  quoted_match: ';',
  cast: {
    // Neutralised before quoting, so that a quoted cell still starts with the `'`.
    string: value => (FORMULA_TRIGGER.test(value) ? `'${value}` : value),
    boolean: value => (value ? 'true' : 'false')
  }
}

/**
 * RFC 4180 with CRLF line endings; lists joined with `;`, which IAM names cannot contain. The
 * credential-report columns come after the others, so a reader of the plain report's columns by
 * position keeps working when the enrichment is switched on.
 */
export function toCsv(report: Report): string {
  const enriched = report.credentialReports !== undefined
  const rows = enriched
    ? report.users.map(user => [...cellsOf(user), ...enrichmentCells(user.enrichment)])
    : report.users.map(cellsOf)
  const columns = enriched ? [...CSV_COLUMNS, ...ENRICHMENT_COLUMNS] : CSV_COLUMNS
  return stringify(rows, { ...CSV_OPTIONS, header: true, columns })
}

/** A value for each column: the compiler checks the cells below against CSV_COLUMNS. */
type OnePerColumn<Columns extends readonly string[]> = {
  -readonly [I in keyof Columns]: string | boolean
}

/** The cells in CSV_COLUMNS order; the tests pin it. */
function cellsOf(u: UserRecord): OnePerColumn<typeof CSV_COLUMNS> {
  return [
    u.account_id,
    u.account_name,
    u.user_name,
    u.user_id,
    u.arn,
    u.path,
    u.create_date,
    u.groups.join(';'),
    u.managed_policies.join(';'),
    u.inline_policies.join(';'),
    u.group_managed_policies.join(';'),
    u.group_inline_policies.join(';'),
    u.permissions_boundary,
    u.is_admin,
    u.admin_reason,
    u.tags.join(';'),
    u.config_captured_at
  ]
}
