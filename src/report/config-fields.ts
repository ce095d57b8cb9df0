// Readers for Config item fields that arrive in more than one shape, depending on the API
// (Select, history, rule events) and on how many elements a list happens to have.
import { formatIsoSeconds } from './iso-time.js'

export type JsonObject = Record<string, unknown>

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * One empty list for every item that has none of something: most users have no inline policies,
 * and 100,000 empty arrays kept until the report is built are copied by every collection.
 */
export const NO_ENTRIES: readonly never[] = Object.freeze([])

/** Config serialises a one-element list as the bare element in some payloads. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

export function readText(value: unknown): string {
  if (typeof value === 'string') return value
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}

// Epoch numbers below this are seconds (Config's JSON wire format), above it milliseconds:
// 1e11 seconds is the year 5138, 1e11 milliseconds is 1973.
const EPOCH_MILLISECONDS_FROM = 1e11
const EPOCH = /^\d+(\.\d+)?$/
// Without a zone, `Date` would read the time in the runner's local zone.
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

// Config's own format, `2026-11-02T04:06:25.459Z`: cut to the second, it is already what a round
// trip through Date gives, at a fraction of the cost (twice per item, 200,000 times for a large
// organisation). Strings kept in the report are built flat (replace, join), not concatenated:
// `a + b` makes a rope that every later JSON.stringify flattens into a second copy.
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** ISO 8601 UTC without milliseconds; '' when the value is not a time. */
export function normaliseConfigTime(value: unknown): string {
  if (typeof value === 'string' && CANONICAL_UTC.test(value) && isRealTime(value)) {
    // Joined: replace() would give a rope of a slice, which keeps the whole input alive.
    return value.length === 20 ? value : [value.slice(0, 19), 'Z'].join('')
  }
  const date = toDate(value)
  return date === undefined || Number.isNaN(date.getTime()) ? '' : formatIsoSeconds(date)
}

/** Fields in range, so that Date would not roll `02-30` or `24:00` over into the next unit. */
function isRealTime(text: string): boolean {
  const at = (i: number, digits: number): number => {
    let n = 0
    for (let k = i; k < i + digits; k++) n = n * 10 + text.charCodeAt(k) - 48
    return n
  }
  const year = at(0, 4)
  const month = at(5, 2)
  const day = at(8, 2)
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (DAYS_IN_MONTH[month - 1] ?? 0) + (leap ? 1 : 0) &&
    at(11, 2) < 24 &&
    at(14, 2) < 60 &&
    at(17, 2) < 60
  )
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value
  if (typeof value === 'number') return fromEpoch(value)
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (EPOCH.test(text)) return fromEpoch(Number(text))
  if (ISO_WITHOUT_ZONE.test(text)) return new Date(`${text}Z`)
  return text === '' ? undefined : new Date(text)
}

function fromEpoch(value: number): Date {
  return new Date(value < EPOCH_MILLISECONDS_FROM ? value * 1000 : value)
}

/**
 * `key=value` strings. Select results give a `[{key, value, tag}]` list, other payloads a map;
 * the top-level field wins and `configuration.tags` fills in when it is absent or empty.
 */
export function readTags(topLevel: unknown, fromConfiguration: unknown): readonly string[] {
  const tags = formatTags(topLevel)
  if (tags.length > 0) return tags
  const other = formatTags(fromConfiguration)
  return other.length > 0 ? other : NO_ENTRIES
}

function formatTags(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter(isJsonObject).map(formatTagEntry)
  if (isJsonObject(value))
    return Object.entries(value).map(([key, v]) => [key, readText(v)].join('='))
  return []
}

function formatTagEntry(entry: JsonObject): string {
  const key = readText(entry.key)
  if (key === '' && typeof entry.tag === 'string') return entry.tag
  return [key, readText(entry.value)].join('=')
}
