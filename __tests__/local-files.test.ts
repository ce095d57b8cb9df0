import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeLocalFiles } from '../src/local-files.js'

describe('writeLocalFiles', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-files-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('writes the pieces as UTF-8 under <RUNNER_TEMP>/iam-user-report/<stamp>/', async () => {
    // ASCII, Latin-1 (é, one byte in a JS string, two in UTF-8), and beyond (東, 🙂).
    const csv = ['a,b\r\n', 'plain,ascii\r\n', 'Zürich,café\r\n', '東京,🙂\r\n']
    const json = ['{"users":[\n', '{"n":"é"}', '\n]}\n']
    const files = await writeLocalFiles(dir, '2026-12-07T09:00:00Z', csv, json)
    expect(files).toEqual({
      dir: join(dir, 'iam-user-report', '2026-12-07T090000Z'),
      csv: join(dir, 'iam-user-report', '2026-12-07T090000Z', 'iam-users-2026-12-07T090000Z.csv'),
      json: join(dir, 'iam-user-report', '2026-12-07T090000Z', 'iam-users-2026-12-07T090000Z.json')
    })
    const csvBytes = await readFile(files.csv)
    expect(csvBytes.equals(Buffer.from(csv.join(''), 'utf8'))).toBe(true)
    expect(csvBytes.includes(Buffer.from([0xc3, 0xa9]))).toBe(true)
    expect(await readFile(files.json, 'utf8')).toBe(json.join(''))
  })

  it('writes pieces that fill its buffer many times over, and pieces larger than it', async () => {
    // 48 K pieces, some with multi-byte text, crossing 1 MiB buffer boundaries; one 3 MiB piece.
    const csv = Array.from(
      { length: 60 },
      (_, i) => (i % 7 === 0 ? 'é東🙂' : 'plain').repeat(Math.floor(48_000 / 5)) + `#${i}\n`
    )
    csv.splice(30, 0, 'x'.repeat(3 << 20))
    const files = await writeLocalFiles(dir, '2026-12-07T09:00:00Z', csv, ['{}'])
    const written = await readFile(files.csv)
    expect(written.length).toBe(Buffer.byteLength(csv.join(''), 'utf8'))
    expect(written.equals(Buffer.from(csv.join(''), 'utf8'))).toBe(true)
  })

  it('writes empty pieces and no pieces', async () => {
    const files = await writeLocalFiles(dir, '2026-12-07T09:00:00Z', [], ['', 'x', ''])
    expect(await readFile(files.csv, 'utf8')).toBe('')
    expect(await readFile(files.json, 'utf8')).toBe('x')
  })
})
