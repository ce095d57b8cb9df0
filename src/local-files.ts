import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { reportStamp } from './report/s3-keys.js'

export interface LocalFiles {
  readonly dir: string
  readonly csv: string
  readonly json: string
}

/**
 * Written before any upload, so nothing is lost if every destination fails. The texts come in
 * pieces, each written and dropped, so a large report is never held as one string.
 */
export async function writeLocalFiles(
  runnerTemp: string | undefined,
  generatedAt: string,
  csv: Iterable<string>,
  json: Iterable<string>
): Promise<LocalFiles> {
  const stamp = reportStamp(new Date(generatedAt))
  const dir = join(runnerTemp || tmpdir(), 'iam-user-report', stamp)
  await mkdir(dir, { recursive: true })
  const files = {
    dir,
    csv: join(dir, `iam-users-${stamp}.csv`),
    json: join(dir, `iam-users-${stamp}.json`)
  }
  await writeChunks(files.csv, csv)
  await writeChunks(files.json, json)
  return files
}

function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  return pipeline(Readable.from(toBytes(chunks)), createWriteStream(path))
}

/**
 * ASCII text has the same bytes in Latin-1 as in UTF-8, and Node writes Latin-1 about twice as
 * fast: a report is nearly all ASCII, and a piece holding anything else is encoded as UTF-8.
 */
function* toBytes(chunks: Iterable<string>): Generator<Buffer, void, undefined> {
  for (const text of chunks)
    yield Buffer.from(text, Buffer.byteLength(text, 'utf8') === text.length ? 'latin1' : 'utf8')
}
