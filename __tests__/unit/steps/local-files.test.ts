import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonReportFile, reportFilePaths, writeTextFile } from '../../../src/steps/local-files.js'
import { jsonRecordText, toJson } from '../../../src/report/json.js'
import { report, userRecord } from '../../fixtures/report-records.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-files-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('reportFilePaths', () => {
  it('names the files after the report time under <RUNNER_TEMP>/iam-user-report/<stamp>/, created', () => {
    const files = reportFilePaths(dir, '2026-12-07T09:00:00Z')
    expect(files).toEqual({
      dir: join(dir, 'iam-user-report', '2026-12-07T090000Z'),
      csv: join(dir, 'iam-user-report', '2026-12-07T090000Z', 'iam-users-2026-12-07T090000Z.csv'),
      json: join(dir, 'iam-user-report', '2026-12-07T090000Z', 'iam-users-2026-12-07T090000Z.json')
    })
    expect(existsSync(files.dir)).toBe(true)
  })
})

describe('writeTextFile', () => {
  it('writes the pieces as UTF-8', async () => {
    // ASCII, Latin-1 (é, one byte in a JS string, two in UTF-8), and beyond (東, 🙂).
    const csv = ['a,b\r\n', 'plain,ascii\r\n', 'Zürich,café\r\n', '東京,🙂\r\n']
    const path = join(dir, 'a.csv')
    writeTextFile(path, csv)
    const bytes = await readFile(path)
    expect(bytes.equals(Buffer.from(csv.join(''), 'utf8'))).toBe(true)
    expect(bytes.includes(Buffer.from([0xc3, 0xa9]))).toBe(true)
  })

  it('writes pieces that fill its buffer many times over, and pieces larger than it', async () => {
    // 48 K pieces, some with multi-byte text, crossing 1 MiB buffer boundaries; one 3 MiB piece.
    const csv = Array.from(
      { length: 60 },
      (_, i) => (i % 7 === 0 ? 'é東🙂' : 'plain').repeat(Math.floor(48_000 / 5)) + `#${i}\n`
    )
    csv.splice(30, 0, 'x'.repeat(3 << 20))
    const path = join(dir, 'big.csv')
    writeTextFile(path, csv)
    const written = await readFile(path)
    expect(written.length).toBe(Buffer.byteLength(csv.join(''), 'utf8'))
    expect(written.equals(Buffer.from(csv.join(''), 'utf8'))).toBe(true)
  })

  it('writes empty pieces and no pieces', async () => {
    writeTextFile(join(dir, 'none'), [])
    writeTextFile(join(dir, 'x'), ['', 'x', ''])
    expect(await readFile(join(dir, 'none'), 'utf8')).toBe('')
    expect(await readFile(join(dir, 'x'), 'utf8')).toBe('x')
  })

  it('throws the error of a failed write, once the file is closed', () => {
    expect(() => writeTextFile('/dev/full', ['x'])).toThrow(/ENOSPC/)
  })
})

describe('JsonReportFile', () => {
  const r = report(
    Array.from({ length: 40 }, (_, i) =>
      userRecord({
        user_name: `user-${String(i).padStart(2, '0')}`,
        account_name: i % 5 === 0 ? 'Zürich – 東京 🙂' : 'prod',
        tags: i === 7 ? [`note=${'x'.repeat(2 << 20)}`] : []
      })
    )
  )
  const text = jsonRecordText(r)

  it('gives each line as asked, in order with gaps, and writes the file toJson gives', async () => {
    const path = join(dir, 'r.json')
    const file = new JsonReportFile(path, r)
    for (const index of [0, 0, 1, 5, 6, 6, 20, 39])
      expect(file.lineAt(index)).toBe(text(r.users[index]!))
    expect(file.lineAt(40)).toBeUndefined()
    // Going back renders the line again and writes nothing twice.
    expect(file.lineAt(3)).toBe(text(r.users[3]!))
    file.finish()
    expect(await readFile(path, 'utf8')).toBe(toJson(r))
  })

  it('writes every line when none is asked for, and a report without users', async () => {
    const none = new JsonReportFile(join(dir, 'none.json'), r)
    none.finish()
    expect(await readFile(join(dir, 'none.json'), 'utf8')).toBe(toJson(r))
    const empty = report([])
    const file = new JsonReportFile(join(dir, 'empty.json'), empty)
    expect(file.lineAt(0)).toBeUndefined()
    file.finish()
    expect(await readFile(join(dir, 'empty.json'), 'utf8')).toBe(toJson(empty))
  })

  it('keeps giving lines when a write fails, and throws the error from finish', () => {
    const file = new JsonReportFile('/dev/full', r)
    expect(file.lineAt(39)).toBe(text(r.users[39]!))
    expect(() => file.finish()).toThrow(/ENOSPC/)
  })
})
