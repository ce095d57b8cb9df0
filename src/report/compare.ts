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
