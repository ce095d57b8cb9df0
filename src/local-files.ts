import { mkdir, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

/**
 * The pieces are encoded into one reused 1 MiB buffer and written a buffer at a time: a Buffer
 * and a write per 48 K piece cost more than the writing itself. ASCII text has the same bytes in
 * Latin-1 as in UTF-8, and Node encodes Latin-1 about twice as fast: a report is nearly all ASCII,
 * and a piece holding anything else is encoded as UTF-8.
 */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const file = await open(path, 'w')
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER)
  let used = 0
  const writeAll = async (bytes: Buffer, length: number): Promise<void> => {
    for (let offset = 0; offset < length;) {
      offset += (await file.write(bytes, offset, length - offset)).bytesWritten
    }
  }
  try {
    for (const text of chunks) {
      const size = Buffer.byteLength(text, 'utf8')
      const encoding = size === text.length ? 'latin1' : 'utf8'
      if (size > WRITE_BUFFER - used) {
        await writeAll(buffer, used)
        used = 0
      }
      if (size > WRITE_BUFFER) {
        const bytes = Buffer.from(text, encoding)
        await writeAll(bytes, bytes.length)
      } else {
        used += buffer.write(text, used, encoding)
      }
    }
    await writeAll(buffer, used)
  } finally {
    await file.close()
  }
}

const WRITE_BUFFER = 1 << 20
