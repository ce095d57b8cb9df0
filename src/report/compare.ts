import type { UserRecord } from './types.js'

/**
 * Code-unit order, not `localeCompare`: collation depends on the runner's ICU data, and the report
 * must be byte-identical wherever it is built.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function sortCodeUnits(values: Iterable<string>): string[] {
  return [...values].sort(compareCodeUnits)
}

/** Sorted, without duplicates; a list of none or one is returned as it is, not copied. */
export function sortedUnique(values: readonly string[]): readonly string[] {
  if (values.length <= 1) return values
  return sortCodeUnits(new Set(values))
}

/** Sorted; a list of none or one is returned as it is, not copied. */
export function sortedList(values: readonly string[]): readonly string[] {
  return values.length <= 1 ? values : [...values].sort(compareCodeUnits)
}

/** Report order: account, then name; the id settles a name that was deleted and re-created. */
export function compareUserRecords(a: UserRecord, b: UserRecord): number {
  return (
    compareCodeUnits(a.account_id, b.account_id) ||
    compareCodeUnits(a.user_name, b.user_name) ||
    compareCodeUnits(a.user_id, b.user_id)
  )
}
