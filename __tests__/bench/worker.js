// One measured run, in a process of its own so that its peak RSS is its own: collection from the
// Config stand-in (the seed's serial loop, or the sharded collector) or rows from a file, then the
// report pipeline. Prints one JSON line. Runs the real code: src/ compiled by tsc (see
// run-bench.js), imported from the folder in BENCH_BUILD.
import { ConfigServiceClient } from '@aws-sdk/client-config-service'
import { createReadStream } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'

const build = process.env.BENCH_BUILD ?? ''
const load = (/** @type {string} */ path) => import(join(build, path))
const { collectIamItems } = await load('collect/collect-iam-items.js')
const { IAM_EXPRESSION, fetchItems } = await load('collect/iam-query.js')
const { PAGE_SIZE } = await load('aws/config.js')
const { parseConfigItem } = await load('report/config-item.js')
const { dedupeItems } = await load('report/dedupe.js')
const { buildReport } = await load('report/build-report.js')
const { readS3Baseline } = await load('steps/baseline.js')
const { diffReports } = await load('report/diff.js')
const { writeLocalFiles } = await load('steps/local-files.js')

const task = JSON.parse(process.argv[2] ?? '{}')
/** @type {Record<string, number>} CPU milliseconds per stage (all threads: GC helpers count) */
const cpu = {}
const cpuNow = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
/** @template T @param {string} stage @param {() => T} fn @returns {T} */
const measure = (stage, fn) => {
  const start = cpuNow()
  const result = fn()
  cpu[stage] = (cpu[stage] ?? 0) + cpuNow() - start
  return result
}
/** @template T @param {string} stage @param {() => Promise<T>} fn @returns {Promise<T>} */
const measureAsync = async (stage, fn) => {
  const start = cpuNow()
  const result = await fn()
  cpu[stage] = (cpu[stage] ?? 0) + cpuNow() - start
  return result
}
const source = { aggregatorName: 'org-aggregator', region: 'us-east-1' }

/** The seed's collection: one query, NextToken followed one page at a time. */
async function collectSerial(client) {
  return dedupeItems((await fetchItems(client, { ...source, expression: IAM_EXPRESSION })).items)
}

/**
 * Rows of a file, ten pages at a time (reading the CPU clock costs about 30 µs, so not for every
 * page), parsed row by row as fetchItems parses Config's pages; parse and dedupe timed apart.
 */
async function collectFromFile(file) {
  const items = []
  let pages = []
  const parsePages = () => {
    measure('parse', () => {
      for (const row of pages) items.push(parseConfigItem(row, () => undefined))
    })
    pages = []
  }
  for await (const line of createInterface({ input: createReadStream(file) })) {
    pages.push(line)
    if (pages.length === PAGE_SIZE * 10) parsePages()
  }
  parsePages()
  return measure('dedupe', () => dedupeItems(items))
}

const client = new ConfigServiceClient({
  region: source.region,
  endpoint: task.endpoint,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  // As src/aws/clients.ts builds it.
  maxAttempts: 12
})
const accountNames = new Map(
  JSON.parse(await readFile(task.accountsFile, 'utf8')).map(a => [a.id, a.name])
)
let collectSeconds = 0

/** Collection and privileges, as main.ts runs them: the items are dropped when this returns. */
async function collectReport() {
  const wallStart = performance.now()
  const collected =
    task.mode === 'rows'
      ? await collectFromFile(task.rowsFile)
      : task.mode === 'serial'
        ? await collectSerial(client)
        : await collectIamItems(client, source, () => undefined, {
            maxConcurrency: task.maxConcurrency
          })
  collectSeconds = (performance.now() - wallStart) / 1000
  return measure(
    'buildReport',
    () =>
      buildReport({
        users: collected.users,
        groups: collected.groups,
        policies: collected.policies,
        accountNames,
        aggregator: source.aggregatorName,
        region: source.region,
        now: new Date('2026-12-07T09:00:00Z')
      }).report
  )
}

/**
 * As main.ts runs them: the files written, then last month's JSON read, then the diff. The
 * baseline is streamed from the file through the real S3 step, as the action streams latest.json.
 */
async function writeAndCompare(report) {
  const files = await measureAsync('writeFiles', () => writeLocalFiles(report, task.outDir))
  const s3 = { send: async () => ({ Body: createReadStream(task.baselineFile) }) }
  const bucket = { bucket: 'bench', expectedOwner: '', kmsKeyId: '' }
  const { baseline, failure } = await measureAsync('readBaseline', () =>
    readS3Baseline(s3, bucket, 'latest.json', message => {
      throw new Error(message)
    })
  )
  if (baseline === null) throw new Error(failure ?? 'the bench baseline was not read')
  measure('diffReports', () => diffReports(baseline, report))
  return files
}

const report = await collectReport()
const files = await writeAndCompare(report)

process.stdout.write(
  `${JSON.stringify({
    users: report.users.length,
    accounts: new Set(report.users.map(u => u.account_id)).size,
    collectSeconds,
    cpu,
    peakRssMb: process.resourceUsage().maxRSS / 1024
  })}\n`
)
await rm(files.dir, { recursive: true, force: true })
client.destroy()
