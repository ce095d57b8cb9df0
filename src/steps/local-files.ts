import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toCsv } from '../report/csv.js'
import { jsonClose, jsonOpening, jsonRecordText } from '../report/json.js'
import { reportStamp } from '../report/s3-keys.js'
import type { Report, UserRecord } from '../report/types.js'

export interface LocalFiles {
  readonly dir: string
  readonly csv: string
  readonly json: string
}

/**
 * Where this run's files go, `<RUNNER_TEMP>/iam-user-report/<stamp>/`, created. They are written
 * before any upload, so nothing is lost if every destination fails.
 */
export function reportFilePaths(runnerTemp: string | undefined, generatedAt: string): LocalFiles {
  const stamp = reportStamp(new Date(generatedAt))
  const dir = join(runnerTemp || tmpdir(), 'iam-user-report', stamp)
  mkdirSync(dir, { recursive: true })
  return {
    dir,
    csv: join(dir, `iam-users-${stamp}.csv`),
    json: join(dir, `iam-users-${stamp}.json`)
  }
}

/** Writes text that comes in pieces, each written and dropped: a large report is never one string. */
export function writeTextFile(path: string, pieces: Iterable<string>): void {
  const file = new BufferedFile(path)
  try {
    for (const piece of pieces) file.write(piece)
  } finally {
    file.close()
  }
  file.check()
}

/**
 * The JSON report, written a user's line at a time as the lines are asked for. The baseline is
 * read side by side with this run's records, and compares last run's line for a user with this
 * run's (`lineAt`): each line is rendered once, for that comparison and for the file together,
 * and none is kept. `finish` writes the lines nobody asked for and closes the file.
 *
 * A failed write is held until `finish` throws it, so that the baseline's reading never reports a
 * disk error as its own.
 */
export class JsonReportFile {
  private readonly file: BufferedFile
  private readonly text: ReturnType<typeof jsonRecordText>
  /** How many lines are written; the last of them is `last`. */
  private written = 0
  private last = ''

  constructor(
    path: string,
    private readonly report: Report
  ) {
    this.file = new BufferedFile(path)
    this.text = jsonRecordText(report)
    this.file.write(jsonOpening(report))
  }

  /** The text of `report.users[index]`'s line; every line before it is written too. */
  lineAt(index: number): string | undefined {
    const users = this.report.users
    const user = users[index]
    if (user === undefined) return undefined
    // The walk never goes back; were it to, the line is rendered again rather than written twice.
    if (index < this.written - 1) return this.text(user)
    while (this.written <= index) {
      if (this.written > 0) this.file.write(',\n')
      this.last = this.text(users[this.written] as UserRecord)
      this.file.write(this.last)
      this.written++
    }
    return this.last
  }

  /** Writes the rest and closes the file; throws the first write that failed. */
  finish(): void {
    try {
      this.lineAt(this.report.users.length - 1)
      this.file.write(jsonClose(this.report))
    } finally {
      this.file.close()
    }
    this.file.check()
  }
}

/**
 * Text encoded into one reused 1 MiB buffer and written a buffer at a time: a Buffer and a write
 * per piece cost more than the writing itself. ASCII text has the same bytes in Latin-1 as in
 * UTF-8, and Node encodes Latin-1 about twice as fast: a report is nearly all ASCII, and text
 * holding anything else is encoded as UTF-8. Writes are synchronous, so that lines can be written
 * from inside the baseline's line-by-line walk; the first error is kept for `check`.
 */
class BufferedFile {
  private readonly fd: number
  private readonly buffer = Buffer.allocUnsafe(WRITE_BUFFER)
  private used = 0
  private error: unknown

  constructor(path: string) {
    this.fd = openSync(path, 'w')
  }

  write(text: string): void {
    if (this.error !== undefined) return
    const size = Buffer.byteLength(text, 'utf8')
    const encoding = size === text.length ? 'latin1' : 'utf8'
    if (size > WRITE_BUFFER - this.used) this.flush()
    if (size > WRITE_BUFFER) {
      this.writeAll(Buffer.from(text, encoding), size)
    } else {
      this.used += this.buffer.write(text, this.used, encoding)
    }
  }

  close(): void {
    this.flush()
    closeSync(this.fd)
  }

  /** Throws the first write that failed. */
  check(): void {
    if (this.error !== undefined) throw this.error
  }

  private flush(): void {
    this.writeAll(this.buffer, this.used)
    this.used = 0
  }

  private writeAll(bytes: Buffer, length: number): void {
    if (this.error !== undefined) return
    try {
      for (let offset = 0; offset < length;) {
        offset += writeSync(this.fd, bytes, offset, length - offset)
      }
    } catch (error) {
      this.error = error
    }
  }
}

const WRITE_BUFFER = 1 << 20

export async function writeLocalFiles(
  report: Report,
  runnerTemp: string | undefined
): Promise<LocalFiles> {
  const files = reportFilePaths(runnerTemp, report.generatedAt)
  writeTextFile(files.csv, [toCsv(report)])
  new JsonReportFile(files.json, report).finish()
  return files
}
