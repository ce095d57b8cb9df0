// Reads last run's JSON report, the baseline the diff compares with. It is untrusted input: a
// bucket or an artifact anyone with write access could have replaced.
import { isJsonObject, type JsonObject } from './config-fields.js'
import type { JsonField } from './json.js'
import type { Report, UserRecord } from './types.js'

/** The baseline is not a report this action can read: a reason for a first report, not a failure. */
export class UnreadableBaseline extends Error {}

// What toJson writes (formatIsoSeconds), and milliseconds too: nothing else, so that the date a
// note or an issue title quotes can hold no line break, markup or mention.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/** Reads last run's JSON report; throws an UnreadableBaseline that says what is wrong with it. */
export function parseBaseline(text: string): Report {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new UnreadableBaseline(`the baseline report is not JSON (${(error as Error).message})`, {
      cause: error
    })
  }
  if (!isJsonObject(value)) throw new UnreadableBaseline('the baseline report is not a JSON object')
  const head = readHead(value)
  if (!Array.isArray(value.users))
    throw new UnreadableBaseline('the baseline report has no users list')
  return { ...head, users: value.users.map(readUser) }
}

function readHead(value: JsonObject): Omit<Report, 'users'> {
  if (value.schemaVersion !== 1) {
    throw new UnreadableBaseline(
      `the baseline report has schemaVersion ${JSON.stringify(value.schemaVersion)}; only 1 is read`
    )
  }
  const { generatedAt, source } = value
  if (typeof generatedAt !== 'string')
    throw new UnreadableBaseline('the baseline report has no generatedAt')
  if (!ISO_UTC.test(generatedAt) || Number.isNaN(Date.parse(generatedAt)))
    throw new UnreadableBaseline(
      "the baseline report's generatedAt is not an ISO 8601 UTC timestamp such as 2026-11-02T09:17:03Z"
    )
  if (
    !isJsonObject(source) ||
    typeof source.region !== 'string' ||
    !(source.aggregator === null || typeof source.aggregator === 'string')
  ) {
    throw new UnreadableBaseline('the baseline report has no valid source { aggregator, region }')
  }
  return {
    schemaVersion: 1,
    generatedAt,
    source: { aggregator: source.aggregator, region: source.region }
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
    throw new UnreadableBaseline(`users[${index}] of the baseline report is not an object`)
  for (const field of USER_FIELDS) {
    const type = USER_FIELD_TYPES[field]
    if (!hasType(value[field], type))
      throw new UnreadableBaseline(
        `users[${index}].${field} of the baseline report must be ${type}`
      )
  }
  // A record toJson wrote has exactly these fields: keep it as parsed, rather than copy 100,000
  // objects (and make the garbage collector move both).
  if (Object.keys(value).length === USER_FIELDS.length) return value as unknown as UserRecord
  return Object.fromEntries(
    USER_FIELDS.map(field => [field, value[field]])
  ) as unknown as UserRecord
}
