import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportStamp } from './report/s3-keys.js'

export interface LocalFiles {
  readonly dir: string
  readonly csv: string
  readonly json: string
}

/** Written before any upload, so nothing is lost if every destination fails. */
export async function writeLocalFiles(
  runnerTemp: string | undefined,
  generatedAt: string,
  csv: string,
  json: string
): Promise<LocalFiles> {
  const stamp = reportStamp(new Date(generatedAt))
  const dir = join(runnerTemp || tmpdir(), 'iam-user-report', stamp)
  await mkdir(dir, { recursive: true })
  const files = {
    dir,
    csv: join(dir, `iam-users-${stamp}.csv`),
    json: join(dir, `iam-users-${stamp}.json`)
  }
  await writeFile(files.csv, csv, 'utf8')
  await writeFile(files.json, json, 'utf8')
  return files
}
