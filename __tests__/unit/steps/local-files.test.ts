import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeLocalFiles } from '../../../src/steps/local-files.js'
import { toCsv } from '../../../src/report/csv.js'
import { toJson } from '../../../src/report/json.js'
import { report, userRecord } from '../../fixtures/report-records.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-files-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const r = {
  ...report([
    userRecord({ account_name: 'Zürich – 東京 🙂' }),
    userRecord({ user_name: 'bob', user_id: 'AIDABOB' })
  ]),
  generatedAt: '2026-12-07T09:00:00Z'
}

describe('writeLocalFiles', () => {
  it('writes the CSV and JSON under <RUNNER_TEMP>/iam-user-report/<stamp>/, named after the report time', async () => {
    const files = await writeLocalFiles(r, dir)
    const stampDir = join(dir, 'iam-user-report', '2026-12-07T090000Z')
    expect(files).toEqual({
      dir: stampDir,
      csv: join(stampDir, 'iam-users-2026-12-07T090000Z.csv'),
      json: join(stampDir, 'iam-users-2026-12-07T090000Z.json')
    })
    expect(await readFile(files.csv, 'utf8')).toBe(toCsv(r))
    expect(await readFile(files.json, 'utf8')).toBe(toJson(r))
  })

  it('writes UTF-8', async () => {
    const files = await writeLocalFiles(r, dir)
    const bytes = await readFile(files.csv)
    expect(bytes.equals(Buffer.from(toCsv(r), 'utf8'))).toBe(true)
    // ü is one code unit in a JS string, two bytes in UTF-8.
    expect(bytes.includes(Buffer.from([0xc3, 0xbc]))).toBe(true)
  })

  it('writes a report without users', async () => {
    const empty = { ...r, users: [] }
    const files = await writeLocalFiles(empty, dir)
    expect(await readFile(files.csv, 'utf8')).toBe(toCsv(empty))
    expect(await readFile(files.json, 'utf8')).toBe(toJson(empty))
  })

  it('writes under the system temporary folder without a RUNNER_TEMP', async () => {
    const files = await writeLocalFiles({ ...r, generatedAt: '2026-12-07T09:00:01Z' }, '')
    try {
      expect(files.dir).toBe(join(tmpdir(), 'iam-user-report', '2026-12-07T090001Z'))
    } finally {
      await rm(files.dir, { recursive: true, force: true })
    }
  })

  it('rejects when the folder cannot be made', async () => {
    const notAFolder = join(dir, 'file')
    await writeFile(notAFolder, 'x')
    await expect(writeLocalFiles(r, notAFolder)).rejects.toThrow(/ENOTDIR|EEXIST/)
  })
})
