/** ISO 8601 UTC without milliseconds (`2025-04-30T04:47:16Z`): the report's one time format. */
export function formatIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
