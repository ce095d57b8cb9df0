import { CSV_COLUMNS } from './csv.js'
import { isJsonObject } from './config-fields.js'
import type { Report, UserRecord } from './types.js'

const USER_FIELDS = [
  ...CSV_COLUMNS,
  'managed_policy_arns'
] as const satisfies readonly (keyof UserRecord)[]
// As a replacer, a key list both orders and filters the keys of each record.
const USER_KEY_ORDER: string[] = [...USER_FIELDS]
const LIST_FIELDS: ReadonlySet<string> = new Set([
  'groups',
  'managed_policies',
  'inline_policies',
  'group_managed_policies',
  'group_inline_policies',
  'tags',
  'managed_policy_arns'
] satisfies (keyof UserRecord)[])

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
    source: { aggregator: report.source.aggregator, region: report.source.region }
  })
  const users = report.users.map(user => JSON.stringify(user, USER_KEY_ORDER))
  const list = users.length === 0 ? '' : `\n${users.join(',\n')}\n`
  return `${head.slice(0, -1)},"users":[${list}]}\n`
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

function readUser(value: unknown, index: number): UserRecord {
  if (!isJsonObject(value))
    throw new Error(`users[${index}] of the baseline report is not an object`)
  for (const field of USER_FIELDS) {
    const v = value[field]
    const [valid, expected] =
      field === 'is_admin'
        ? [typeof v === 'boolean', 'a boolean']
        : LIST_FIELDS.has(field)
          ? [Array.isArray(v) && v.every(item => typeof item === 'string'), 'a list of strings']
          : [typeof v === 'string', 'a string']
    if (!valid)
      throw new Error(`users[${index}].${field} of the baseline report must be ${expected}`)
  }
  return Object.fromEntries(
    USER_FIELDS.map(field => [field, value[field]])
  ) as unknown as UserRecord
}
