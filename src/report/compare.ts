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
