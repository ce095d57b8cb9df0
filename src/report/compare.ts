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

/** Sorted, without duplicates; a list that already is (most are) is returned as it is, not copied. */
export function sortedUnique(values: readonly string[]): readonly string[] {
  if (isSorted(values, true)) return values
  return sortCodeUnits(new Set(values))
}

/** Sorted; a list that already is (most are) is returned as it is, not copied. */
export function sortedList(values: readonly string[]): readonly string[] {
  return isSorted(values, false) ? values : [...values].sort(compareCodeUnits)
}

function isSorted(values: readonly string[], strictly: boolean): boolean {
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1] as string
    const b = values[i] as string
    if (a > b || (strictly && a === b)) return false
  }
  return true
}

/** Report order: account, then name; the id settles a name that was deleted and re-created. */
export function compareUserRecords(a: UserRecord, b: UserRecord): number {
  return (
    compareCodeUnits(a.account_id, b.account_id) ||
    compareCodeUnits(a.user_name, b.user_name) ||
    compareCodeUnits(a.user_id, b.user_id)
  )
}
