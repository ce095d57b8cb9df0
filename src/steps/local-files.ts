import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toCsv } from '../report/csv.js'
import { toJson } from '../report/json.js'
import { reportStamp } from '../report/s3-keys.js'
import type { Report } from '../report/types.js'

export interface LocalFiles {
  readonly dir: string
  readonly csv: string
  readonly json: string
}

/**
 * Writes the CSV and the JSON to `<RUNNER_TEMP>/iam-user-report/<stamp>/`, named after the
 * report's time. They are written before any upload, so nothing is lost if every destination
 * fails.
 */
export async function writeLocalFiles(
  report: Report,
  runnerTemp: string | undefined
): Promise<LocalFiles> {
  const stamp = reportStamp(new Date(report.generatedAt))
  const dir = join(runnerTemp || tmpdir(), 'iam-user-report', stamp)
  const files = {
    dir,
    csv: join(dir, `iam-users-${stamp}.csv`),
    json: join(dir, `iam-users-${stamp}.json`)
  }
  await mkdir(dir, { recursive: true })
  await writeFile(files.csv, toCsv(report))
  await writeFile(files.json, toJson(report))
  return files
}
