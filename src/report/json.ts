import type { CSV_COLUMNS } from './csv.js'
import { ENRICHMENT_COLUMNS } from './credential-report.js'
import { compareUserRecords } from './compare.js'
import { isJsonObject, type JsonObject } from './config-fields.js'
import { renderInChunks } from './render-in-chunks.js'
import type { Report, UserRecord } from './types.js'

/** The fields a JSON record holds: the CSV's columns, and the ARNs of the managed policies. */
type JsonField = (typeof CSV_COLUMNS)[number] | 'managed_policy_arns'

/**
 * The JSON report as the action holds it: the opening line, and the text of each user's record
 * in report order. Joined by `jsonChunks` into the file's bytes; the diff matches last run's
 * lines against these texts.
 */
export interface JsonLines {
  /** `{"schemaVersion":1,…,"users":[` */
  readonly head: string
  readonly lines: readonly string[]
}

/**
 * Compact JSON with one user per line: two-space indenting makes a report about 40% larger and
 * puts each list element on a line of its own, while a line per user still greps and diffs well.
 * Keys follow the CSV's column order whatever the record's own key order; values are raw (not
 * neutralised).
 */
export function toJson(report: Report): string {
  return [...jsonChunks(renderJsonLines(report))].join('')
}

export function renderJsonLines(report: Report): JsonLines {
  const head = JSON.stringify({
    schemaVersion: report.schemaVersion,
    generatedAt: report.generatedAt,
    source: { aggregator: report.source.aggregator, region: report.source.region },
    ...(report.credentialReports ? { credentialReports: report.credentialReports } : {})
  })
  const toText = report.credentialReports
    ? (user: UserRecord) => JSON.stringify({ ...inColumnOrder(user), ...enrichmentFields(user) })
    : (user: UserRecord) => JSON.stringify(inColumnOrder(user))
  return { head: `${head.slice(0, -1)},${USERS_OPEN}`, lines: report.users.map(toText) }
}

/** The file's text in pieces of a thousand users. */
export function* jsonChunks(json: JsonLines): Generator<string, void, undefined> {
  if (json.lines.length === 0) {
    yield `${json.head}${USERS_CLOSE}\n`
    return
  }
  yield `${json.head}\n`
  yield* renderInChunks(json.lines, line => line, ',\n')
  yield `\n${USERS_CLOSE}\n`
}

const USERS_OPEN = '"users":['
const USERS_CLOSE = ']}'

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

/** This run's records, in report order, and the text `renderJsonLines` gave each of them. */
export interface CurrentRecords {
  readonly users: readonly UserRecord[]
  readonly lines: readonly string[]
}

const NO_RECORDS: CurrentRecords = { users: [], lines: [] }

/**
 * Reads last run's JSON report; throws an Error that says what is wrong with it.
 *
 * A report in the layout `toJson` writes is read a line at a time, side by side with `current`
 * (both are in report order), and a line whose text is the text of this run's record for the same
 * user is that record again: it is not parsed. Most users do not change from one month to the
 * next, so this spares most of the work. Any other layout is parsed as a whole.
 */
export function parseBaseline(
  data: string | Uint8Array,
  current: CurrentRecords = NO_RECORDS
): Report {
  return (
    readLineByLine(data, current) ??
    readDocument(typeof data === 'string' ? data : bufferOf(data).toString('utf8'))
  )
}

function readDocument(text: string): Report {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`the baseline report is not JSON (${(error as Error).message})`, {
      cause: error
    })
  }
  if (!isJsonObject(value)) throw new Error('the baseline report is not a JSON object')
  const head = readHead(value)
  if (!Array.isArray(value.users)) throw new Error('the baseline report has no users list')
  return { ...head, users: value.users.map(readUser) }
}

/** Undefined when the data is not in toJson's layout, or a line is not JSON: read it whole. */
function readLineByLine(data: string | Uint8Array, current: CurrentRecords): Report | undefined {
  const lines = splitLines(data)
  const first = lines.next()
  if (first.done === true || !first.value.endsWith(USERS_OPEN)) return undefined
  let value: unknown
  try {
    value = JSON.parse(`${first.value}${USERS_CLOSE}`)
  } catch {
    return undefined
  }
  if (!isJsonObject(value)) return undefined
  const head = readHead(value)
  const users: UserRecord[] = []
  // This run's records are walked side by side with the lines: `next` is the first not passed.
  let next = 0
  // After the head, and after a record that ends with a comma, a record must follow.
  let recordDue = true
  let closed = false
  for (const line of lines) {
    if (closed) {
      if (line !== '') return undefined
    } else if (line === USERS_CLOSE) {
      if (recordDue) return undefined
      closed = true
    } else {
      if (!recordDue) return undefined
      recordDue = line.endsWith(',')
      const text = recordDue ? line.slice(0, -1) : line
      if (text === current.lines[next]) {
        users.push(current.users[next++] as UserRecord)
        continue
      }
      const record = readUserLine(text, users.length)
      if (record === undefined) return undefined
      // Users added since sort before this one: pass them, then look at this user's record.
      let order = -1
      while (
        next < current.users.length &&
        (order = compareUserRecords(current.users[next] as UserRecord, record)) < 0
      )
        next++
      const same = order === 0 && text === current.lines[next]
      users.push(same ? (current.users[next] as UserRecord) : record)
      if (order === 0) next++
    }
  }
  return closed ? { ...head, users } : undefined
}

function readUserLine(text: string, index: number): UserRecord | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  return readUser(value, index)
}

/** Lines without their `\n`; from bytes, each line is decoded on its own and dropped after use. */
function* splitLines(data: string | Uint8Array): Generator<string, void, undefined> {
  const text = typeof data === 'string' ? data : undefined
  const bytes = text === undefined ? bufferOf(data as Uint8Array) : undefined
  const length = text?.length ?? bytes?.length ?? 0
  let start = 0
  while (start <= length) {
    let end = text !== undefined ? text.indexOf('\n', start) : (bytes as Buffer).indexOf(10, start)
    if (end === -1) end = length
    yield text !== undefined
      ? text.slice(start, end)
      : (bytes as Buffer).toString('utf8', start, end)
    start = end + 1
  }
}

function bufferOf(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

/** Everything but the users: the same checks, in the same order, whichever way it is read. */
function readHead(value: JsonObject): Omit<Report, 'users'> {
  if (value.schemaVersion !== 1) {
    throw new Error(
      `the baseline report has schemaVersion ${JSON.stringify(value.schemaVersion)}; only 1 is read`
    )
  }
  const { generatedAt, source } = value
  if (typeof generatedAt !== 'string') throw new Error('the baseline report has no generatedAt')
  if (
    !isJsonObject(source) ||
    typeof source.region !== 'string' ||
    !(source.aggregator === null || typeof source.aggregator === 'string')
  ) {
    throw new Error('the baseline report has no valid source { aggregator, region }')
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
