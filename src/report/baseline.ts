// Reads last run's JSON report, the baseline the diff compares with.
import { compareUserRecords } from './compare.js'
import { isJsonObject, type JsonObject } from './config-fields.js'
import { USERS_CLOSE, USERS_OPEN, type JsonField } from './json.js'
import type { Report, UserRecord } from './types.js'

/**
 * This run's records, in report order, and the text of the line of `users[index]` in this run's
 * JSON (see `jsonRecordText`). Lines are asked for in order, never going back more than one.
 */
export interface CurrentRecords {
  readonly users: readonly UserRecord[]
  readonly lineAt: (index: number) => string | undefined
}

const NO_RECORDS: CurrentRecords = { users: [], lineAt: () => undefined }

/** The baseline is not a report this action can read: a reason for a first report, not a failure. */
export class UnreadableBaseline extends Error {}

/**
 * Reads last run's JSON report; throws an UnreadableBaseline that says what is wrong with it.
 *
 * A report in the layout `toJson` writes is read a line at a time, side by side with `current`
 * (both are in report order), and a line whose text is the text of this run's record for the same
 * user is that record again: it is not parsed. Most users do not change from one month to the
 * next, so this spares most of the work. Any other layout is parsed as a whole.
 */
export function parseBaseline(text: string, current: CurrentRecords = NO_RECORDS): Report {
  const walk = new LineWalk(current)
  for (const line of splitLines(text)) if (!walk.add(line)) return readDocument(text)
  return walk.end() ?? readDocument(text)
}

/**
 * `parseBaseline` on a stream of bytes, which is read once and never held whole: `open` is called
 * again, and the bytes gathered, only for a report in another layout. Errors of the stream
 * propagate as they are; only what is wrong with the report is an UnreadableBaseline.
 */
export async function readBaselineStream(
  open: () => AsyncIterable<Uint8Array>,
  current: CurrentRecords = NO_RECORDS
): Promise<Report> {
  const walk = new LineWalk(current)
  let fits = true
  for await (const line of streamLines(open())) if (!(fits = walk.add(line))) break
  const report = fits ? walk.end() : undefined
  if (report !== undefined) return report
  const chunks: Uint8Array[] = []
  for await (const chunk of open()) chunks.push(chunk)
  return readDocument(Buffer.concat(chunks).toString('utf8'))
}

function readDocument(text: string): Report {
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

/**
 * The lines of a report in toJson's layout, one at a time: the head, one record per line (each
 * but the last followed by a comma), then `]}`. `add` returns false when a line does not fit
 * that layout or is not JSON, and the document is then read whole, which also says what is wrong.
 */
class LineWalk {
  private head: Omit<Report, 'users'> | undefined
  private readonly users: UserRecord[] = []
  /** This run's records are walked side by side with the lines: the first not passed. */
  private next = 0
  /** After the head, and after a record that ends with a comma, a record must follow. */
  private recordDue = true
  private closed = false

  constructor(private readonly current: CurrentRecords) {}

  add(line: string): boolean {
    if (this.head === undefined) return this.addHead(line)
    if (this.closed) return line === ''
    if (line === USERS_CLOSE) {
      this.closed = !this.recordDue
      return this.closed
    }
    if (!this.recordDue) return false
    this.recordDue = line.endsWith(',')
    const text = this.recordDue ? line.slice(0, -1) : line
    const record = this.match(text)
    if (record === undefined) return false
    this.users.push(record)
    return true
  }

  end(): Report | undefined {
    return this.head !== undefined && this.closed ? { ...this.head, users: this.users } : undefined
  }

  private addHead(line: string): boolean {
    if (!line.endsWith(USERS_OPEN)) return false
    let value: unknown
    try {
      value = JSON.parse(`${line}${USERS_CLOSE}`)
    } catch {
      return false
    }
    if (!isJsonObject(value)) return false
    this.head = readHead(value)
    return true
  }

  /** This run's record when the text is its text, else the record the text holds. */
  private match(text: string): UserRecord | undefined {
    const { users } = this.current
    if (this.isTextAt(this.next, text)) return users[this.next++]
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return undefined
    }
    const record = readUser(value, this.users.length)
    // Users added since sort before this one: pass them, then look at this user's record.
    let order = -1
    while (
      this.next < users.length &&
      (order = compareUserRecords(users[this.next] as UserRecord, record)) < 0
    )
      this.next++
    if (order !== 0) return record
    return this.isTextAt(this.next++, text) ? users[this.next - 1] : record
  }

  /** Whether `text` is the line of this run's record at `index`. */
  private isTextAt(index: number, text: string): boolean {
    return this.current.lineAt(index) === text
  }
}

/** Lines without their `\n`. */
function* splitLines(text: string): Generator<string, void, undefined> {
  let start = 0
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    yield text.slice(start, end)
    start = end + 1
  }
  yield text.slice(start)
}

/**
 * The same lines as `splitLines` gives for the text of all the chunks together; each line is
 * decoded on its own and dropped after use.
 */
async function* streamLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string, void> {
  // The pieces of a line that chunk ends cut; a chunk is never copied whole to join it to them.
  let cut: Buffer[] = []
  for await (const chunk of chunks) {
    const bytes = bufferOf(chunk)
    let start = 0
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
      if (cut.length === 0) {
        yield bytes.toString('utf8', start, end)
      } else {
        cut.push(bytes.subarray(start, end))
        const line = Buffer.concat(cut).toString('utf8')
        cut = []
        yield line
      }
      start = end + 1
    }
    // A copy, so that the chunk itself is not held on to by a short remainder.
    if (start < bytes.length) cut.push(Buffer.from(bytes.subarray(start)))
  }
  yield Buffer.concat(cut).toString('utf8')
}

function bufferOf(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

/** Everything but the users: the same checks, in the same order, whichever way it is read. */
function readHead(value: JsonObject): Omit<Report, 'users'> {
  if (value.schemaVersion !== 1) {
    throw new UnreadableBaseline(
      `the baseline report has schemaVersion ${JSON.stringify(value.schemaVersion)}; only 1 is read`
    )
  }
  const { generatedAt, source } = value
  if (typeof generatedAt !== 'string')
    throw new UnreadableBaseline('the baseline report has no generatedAt')
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
