import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { startStandins, type Standins } from '../standins/index.js'
import { errorLine, runAction } from '../standins/run-action.js'
import { ACCOUNTS, ROWS } from './small-org.js'

const BUCKET = 'acme-iam-reports'
const REPORTS = 'iam-user-report/reports/'
const TIMEOUT_MS = 30_000
let standins: Standins
let inputs: Record<string, string>

beforeAll(async () => {
  standins = await startStandins({ buckets: [BUCKET] })
  standins.config.setItems(ROWS)
  standins.organizations.setAccounts(ACCOUNTS)
  inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    's3-bucket': BUCKET
  }
})
afterAll(() => standins.close())

/** `2026-12-07T09:00:00.123Z` → `2026-12-07T090000Z`, the dated key's stamp. */
const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '')

const text = async (key: string): Promise<string | undefined> =>
  (await standins.s3.getObject(BUCKET, key))?.toString('utf8')

describe('a report of a second that already has one', () => {
  it(
    'fails the S3 upload and overwrites nothing, so latest stays where it was',
    async () => {
      const first = await runAction(standins, inputs)
      expect(errorLine(first.log)).toBe('')
      const latest = await text('iam-user-report/latest.json')
      expect(latest).toBeDefined()

      // An earlier report for every second the next run can stamp before this test times out:
      // whichever second it lands in is taken, so the clock decides nothing.
      const from = Math.floor(Date.now() / 1000)
      const seeded = new Map<string, string>()
      for (let s = from; s <= from + TIMEOUT_MS / 1000; s++) {
        for (const ext of ['csv', 'json']) {
          const key = `${REPORTS}${stamp(s * 1000)}.${ext}`
          seeded.set(key, `earlier report ${key}`)
          await standins.s3.putObject(BUCKET, key, seeded.get(key)!)
        }
      }
      const requestsBefore = standins.s3.requests.length

      await standins.nextRun()
      const run = await runAction(standins, inputs)
      expect(run.code).toBe(1)
      const { generatedAt } = JSON.parse(await readFile(run.outputs['report-json-file'], 'utf8'))
      const csvKey = `${REPORTS}${stamp(Date.parse(generatedAt))}.csv`
      expect(seeded.has(csvKey)).toBe(true)
      expect(errorLine(run.log)).toContain(
        `S3 upload: s3://${BUCKET}/${csvKey}: a report for this second already exists`
      )
      expect(errorLine(run.log)).toMatch(/run again/)
      // The earlier report is intact, and the run wrote nothing else to S3.
      for (const [key, body] of seeded) expect(await text(key)).toBe(body)
      const puts = standins.s3.requests.slice(requestsBefore).filter(r => r.method === 'PUT')
      expect(puts).toMatchObject([{ key: csvKey, status: 412, headers: { 'if-none-match': '*' } }])
      expect(await text('iam-user-report/latest.json')).toBe(latest)
      // Nothing is lost: the report is on the runner and in the artifact.
      expect(existsSync(run.outputs['report-file'])).toBe(true)
      expect(run.outputs['artifact-id']).not.toBe('')
      expect(run.outputs['s3-uri']).toBe('')
    },
    TIMEOUT_MS
  )
})
