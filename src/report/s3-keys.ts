import { formatIsoSeconds } from './iso-time.js'

export interface ReportKeys {
  readonly csv: string
  readonly json: string
  readonly latestCsv: string
  readonly latestJson: string
}

/** `2026-12-07T09:00:00Z` → `2026-12-07T090000Z`: sortable, and valid in S3 keys and file names. */
export function reportStamp(date: Date): string {
  return formatIsoSeconds(date).replace(/:/g, '')
}

/**
 * The prefix is used as given, like any S3 key prefix: `iam-user-report/` puts the files in that
 * "folder", `iam-user-report` would glue the names on. Colons are left out of the stamp because
 * many tools and file systems reject them in names.
 */
export function reportKeys(prefix: string, now: Date): ReportKeys {
  const stamp = reportStamp(now)
  return {
    csv: `${prefix}reports/${stamp}.csv`,
    json: `${prefix}reports/${stamp}.json`,
    latestCsv: `${prefix}latest.csv`,
    latestJson: latestJsonKey(prefix)
  }
}

/** The baseline of the next run. */
export function latestJsonKey(prefix: string): string {
  return `${prefix}latest.json`
}
