import { formatIsoSeconds } from './iso-time.js'

export interface ReportKeys {
  readonly csv: string
  readonly json: string
  readonly latestCsv: string
  readonly latestJson: string
}

/**
 * The prefix is used as given, like any S3 key prefix: `iam-user-report/` puts the files in that
 * "folder", `iam-user-report` would glue the names on. Colons are left out of the stamp because
 * many tools and file systems reject them in names.
 */
export function reportKeys(prefix: string, now: Date): ReportKeys {
  const stamp = formatIsoSeconds(now).replace(/:/g, '')
  return {
    csv: `${prefix}reports/${stamp}.csv`,
    json: `${prefix}reports/${stamp}.json`,
    latestCsv: `${prefix}latest.csv`,
    latestJson: `${prefix}latest.json`
  }
}
