import type { CSV_COLUMNS } from './csv.js'
import { ENRICHMENT_COLUMNS } from './credential-report.js'
import { isJsonObject } from './config-fields.js'
import { joinInChunks } from './join-in-chunks.js'
import type { Report, UserRecord } from './types.js'

/** The fields a JSON record holds: the CSV's columns, and the ARNs of the managed policies. */
type JsonField = (typeof CSV_COLUMNS)[number] | 'managed_policy_arns'

/**
 * Compact JSON with one user per line: two-space indenting makes a report about 40% larger and
 * puts each list element on a line of its own, while a line per user still greps and diffs well.
 * Keys follow the CSV's column order whatever the record's own key order; values are raw (not
 * neutralised).
 */
export function toJson(report: Report): string {
  const head = JSON.stringify({
    schemaVersion: report.schemaVersion,
    generatedAt: report.generatedAt,
    source: { aggregator: report.source.aggregator, region: report.source.region },
    ...(report.credentialReports ? { credentialReports: report.credentialReports } : {})
  })
  const toText = report.credentialReports
    ? (user: UserRecord) => JSON.stringify({ ...inColumnOrder(user), ...enrichmentFields(user) })
    : (user: UserRecord) => JSON.stringify(inColumnOrder(user))
  const list = joinInChunks('', report.users, toText, ',\n')
  return `${head.slice(0, -1)},"users":[${list === '' ? '' : `\n${list}\n`}]}\n`
}

/**
 * A fresh object with the keys in column order. JSON.stringify takes its fast path on a plain
 * object; with a key-list replacer it looks every key up by name, a quarter slower.
 */
function inColumnOrder(user: UserRecord): UserRecord {
  return {
    account_id: user.account_id,
    account_name: user.account_name,
    user_name: user.user_name,
    user_id: user.user_id,
    arn: user.arn,
    path: user.path,
    create_date: user.create_date,
    groups: user.groups,
    managed_policies: user.managed_policies,
    inline_policies: user.inline_policies,
    group_managed_policies: user.group_managed_policies,
    group_inline_policies: user.group_inline_policies,
    permissions_boundary: user.permissions_boundary,
    is_admin: user.is_admin,
    admin_reason: user.admin_reason,
    tags: user.tags,
    config_captured_at: user.config_captured_at,
    managed_policy_arns: user.managed_policy_arns
  } satisfies Record<JsonField, unknown>
}

/** The credential-report columns; all null for a user whose account gave no report. */
function enrichmentFields(user: UserRecord): Record<(typeof ENRICHMENT_COLUMNS)[number], unknown> {
  const e = user.enrichment
  return Object.fromEntries(
    ENRICHMENT_COLUMNS.map(c => [c, e === undefined ? null : e[c]])
  ) as Record<(typeof ENRICHMENT_COLUMNS)[number], unknown>
}

/** Reads last run's JSON report; throws an Error that says what is wrong with it. */
export function parseBaseline(text: string): Report {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`the baseline report is not JSON (${(error as Error).message})`, {
      cause: error
    })
  }
  if (!isJsonObject(value)) throw new Error('the baseline report is not a JSON object')
  if (value.schemaVersion !== 1) {
    throw new Error(
      `the baseline report has schemaVersion ${JSON.stringify(value.schemaVersion)}; only 1 is read`
    )
  }
  const { generatedAt, source, users } = value
  if (typeof generatedAt !== 'string') throw new Error('the baseline report has no generatedAt')
  if (
    !isJsonObject(source) ||
    typeof source.region !== 'string' ||
    !(source.aggregator === null || typeof source.aggregator === 'string')
  ) {
    throw new Error('the baseline report has no valid source { aggregator, region }')
  }
  if (!Array.isArray(users)) throw new Error('the baseline report has no users list')
  return {
    schemaVersion: 1,
    generatedAt,
    source: { aggregator: source.aggregator, region: source.region },
    users: users.map(readUser)
  }
}

type FieldType = 'a string' | 'a list of strings' | 'a boolean'

/** Every field of a record, in column order, so that the first bad field is the one reported. */
const USER_FIELD_TYPES: Readonly<Record<JsonField, FieldType>> = {
  account_id: 'a string',
  account_name: 'a string',
  user_name: 'a string',
  user_id: 'a string',
  arn: 'a string',
  path: 'a string',
  create_date: 'a string',
  groups: 'a list of strings',
  managed_policies: 'a list of strings',
  inline_policies: 'a list of strings',
  group_managed_policies: 'a list of strings',
  group_inline_policies: 'a list of strings',
  permissions_boundary: 'a string',
  is_admin: 'a boolean',
  admin_reason: 'a string',
  tags: 'a list of strings',
  config_captured_at: 'a string',
  managed_policy_arns: 'a list of strings'
}
const USER_FIELDS = Object.keys(USER_FIELD_TYPES) as JsonField[]

function hasType(value: unknown, type: FieldType): boolean {
  if (type === 'a string') return typeof value === 'string'
  if (type === 'a boolean') return typeof value === 'boolean'
  return Array.isArray(value) && value.every(item => typeof item === 'string')
}

function readUser(value: unknown, index: number): UserRecord {
  if (!isJsonObject(value))
    throw new Error(`users[${index}] of the baseline report is not an object`)
  for (const field of USER_FIELDS) {
    const type = USER_FIELD_TYPES[field]
    if (!hasType(value[field], type))
      throw new Error(`users[${index}].${field} of the baseline report must be ${type}`)
  }
  // A record toJson wrote has exactly these fields: keep it as parsed, rather than copy 100,000
  // objects (and make the garbage collector move both).
  if (Object.keys(value).length === USER_FIELDS.length) return value as unknown as UserRecord
  return Object.fromEntries(
    USER_FIELDS.map(field => [field, value[field]])
  ) as unknown as UserRecord
}
