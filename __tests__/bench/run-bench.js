// npm run bench [-- --quick]: collection and the report pipeline against the Config stand-in, the
// seed's serial NextToken loop and the sharded collector side by side, then the startup of the
// bundled action. Prints markdown tables.
//
// What runs is the real code: src/ compiled by the project's TypeScript (the same compiler ncc
// runs) into node_modules/.cache, imported by worker.js. The bundle cannot be imported (dist/
// runs the action when loaded) and Node's type stripping cannot load src/ (its imports name .js
// files, and errors.ts uses parameter properties). Each run is a process of its own, so its CPU
// time and peak RSS are its own; the stand-in stays in this process.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { availableParallelism, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startConfig } from '../standins/config.js'
import { runQuery } from '../standins/config-query.js'
import { parseQuery } from '../standins/config-sql.js'
import { generateOrg, mutateOrg } from '../standins/generate-org.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const buildDir = join(root, 'node_modules', '.cache', 'iam-user-report-bench')
const quick = process.argv.includes('--quick')
// --startup: only the startup of the bundle, e.g. after `npm run build`.
const startupOnly = process.argv.includes('--startup')
// --credentials: only the credential-report scenario, across `--accounts N` (default 1,000).
const credentialsOnly = process.argv.includes('--credentials')
/** The number after `flag` on the command line, or `fallback`. @param {string} flag @param {number} fallback */
const numberArg = (flag, fallback) => {
  const at = process.argv.indexOf(flag)
  return at < 0 ? fallback : Number(process.argv[at + 1])
}
// --time-scale K: the credential-report scenario K times faster than real time — STS sessions of
// 900 / K s, the stand-ins' latencies and the action's waits divided by K — so that a run longer
// than a session (10,000 accounts take about 26 minutes against 15-minute sessions) fits in
// minutes with the same number of sessions.
const timeScale = numberArg('--time-scale', 1)
// --pipeline: only the 100,000-user pipeline (rows from a file, no collection), then startup.
const pipelineOnly = process.argv.includes('--pipeline')

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {number} accounts
 * @property {number} usersPerAccount
 * @property {number} latencyMs stand-in delay per request
 * @property {number} tps stand-in token bucket (0: no limit)
 * @property {number} maxConcurrency the action's input for the sharded run
 * @property {boolean} [pipeline] also time each pipeline stage on the same rows read from a file
 */
/** @type {Scenario[]} */
const SCENARIOS = quick
  ? [
      {
        name: '50 × 100',
        accounts: 50,
        usersPerAccount: 100,
        latencyMs: 400,
        tps: 8,
        maxConcurrency: 4
      },
      {
        name: '1,000 × 10',
        accounts: 1000,
        usersPerAccount: 10,
        latencyMs: 50,
        tps: 32,
        maxConcurrency: 16
      },
      {
        name: '100 × 100, no latency',
        accounts: 100,
        usersPerAccount: 100,
        latencyMs: 0,
        tps: 0,
        maxConcurrency: 32,
        pipeline: true
      }
    ]
  : [
      {
        name: '500 × 100',
        accounts: 500,
        usersPerAccount: 100,
        latencyMs: 400,
        tps: 8,
        maxConcurrency: 4
      },
      {
        name: '10,000 × 10',
        accounts: 10000,
        usersPerAccount: 10,
        latencyMs: 50,
        tps: 32,
        maxConcurrency: 16
      },
      {
        name: '1,000 × 100, no latency',
        accounts: 1000,
        usersPerAccount: 100,
        latencyMs: 0,
        tps: 0,
        maxConcurrency: 32,
        pipeline: true
      }
    ]
const STARTUP_RUNS = quick ? 5 : 15
// The pipeline's CPU varies by a tenth or more from run to run on a shared machine: the median
// of several runs is reported.
const PIPELINE_RUNS = quick ? 1 : 5
const PIPELINE_STAGES = [
  'parse',
  'dedupe',
  'buildReport',
  'writeFiles',
  'readBaseline',
  'diffReports'
]

const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`)
const node = process.execPath

function compile() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const result = spawnSync(node, [tsc, '-p', join(root, '__tests__', 'bench', 'tsconfig.json')], {
    stdio: 'inherit'
  })
  if (result.status !== 0) throw new Error('tsc failed: the bench needs src/ to compile')
}

/** @param {object} task @returns {Promise<any>} */
function runWorker(task) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      node,
      [join(root, '__tests__', 'bench', 'worker.js'), JSON.stringify(task)],
      {
        env: { ...process.env, BENCH_BUILD: buildDir },
        stdio: ['ignore', 'pipe', 'inherit']
      }
    )
    let out = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited with ${code}`))
    )
  })
}

/** Config rows as the stand-in renders them for the IAM query. @param {object[]} items */
async function renderRows(items) {
  const { IAM_EXPRESSION } = await import(join(buildDir, 'collect', 'iam-query.js'))
  const result = runQuery(parseQuery(IAM_EXPRESSION), items)
  const rows = []
  for (let i = 0; i < result.length; i++) rows.push(result.render(i))
  return rows
}

/** Last month's report, the baseline the run diffs against. @param {any} org */
async function baselineJson(org) {
  const { parseConfigItem } = await import(join(buildDir, 'report/config-item.js'))
  const { dedupeItems } = await import(join(buildDir, 'report/dedupe.js'))
  const { buildReport } = await import(join(buildDir, 'report/build-report.js'))
  const { toJson } = await import(join(buildDir, 'report/json.js'))
  const rows = await renderRows(org.items)
  const deduped = dedupeItems(rows.map(row => parseConfigItem(row, () => undefined)))
  const { report } = buildReport({
    ...deduped,
    accountNames: new Map(org.accounts.map(a => [a.id, a.name])),
    aggregator: 'org-aggregator',
    region: 'us-east-1',
    now: new Date('2026-11-02T09:00:00Z')
  })
  return toJson(report)
}

/** @param {Scenario} scenario @param {string} dir */
async function runScenario(scenario, dir) {
  log(`\n${scenario.name}: generating the organisation…`)
  const previous = generateOrg({
    seed: 6,
    accounts: scenario.accounts,
    usersPerAccount: scenario.usersPerAccount
  })
  const current = mutateOrg(previous, { seed: 7 })
  const files = {
    accountsFile: join(dir, 'accounts.json'),
    baselineFile: join(dir, 'baseline.json'),
    outDir: join(dir, 'out'),
    rowsFile: join(dir, 'rows.ndjson')
  }
  await writeFile(files.accountsFile, JSON.stringify(current.accounts))
  await writeFile(files.baselineFile, await baselineJson(previous))
  const config = await startConfig({
    items: current.items,
    knobs: { latencyMs: scenario.latencyMs, tps: scenario.tps }
  })
  const runs = []
  try {
    for (const mode of pipelineOnly ? [] : ['serial', 'sharded']) {
      log(`${scenario.name}: ${mode} collection…`)
      const before = config.requests.length
      const result = await runWorker({
        ...files,
        mode,
        endpoint: config.url,
        maxConcurrency: scenario.maxConcurrency
      })
      const requests = config.requests.slice(before)
      runs.push({
        mode,
        concurrency: mode === 'serial' ? 1 : scenario.maxConcurrency,
        requests: requests.length,
        pages: requests.filter(r => r.status === 200).length,
        throttled: requests.filter(r => r.status === 400).length,
        ...result
      })
    }
  } finally {
    await config.close()
  }
  let pipeline
  if (scenario.pipeline) {
    log(`${scenario.name}: pipeline stages on rows from a file…`)
    await writeFile(files.rowsFile, `${(await renderRows(current.items)).join('\n')}\n`)
    pipeline = []
    for (let i = 0; i < PIPELINE_RUNS; i++)
      pipeline.push(await runWorker({ ...files, mode: 'rows' }))
  }
  return { scenario, runs, pipeline }
}

/** Time from spawning `node dist/index.js` to `until`, `runs` times. */
async function timeAction(env, runs, until) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const child = spawn(node, [join(root, 'dist', 'index.js')], {
      env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...env },
      stdio: 'ignore'
    })
    times.push(await until(child, start))
  }
  return times.sort((a, b) => a - b)
}

async function measureStartup() {
  const exited = (child, start) =>
    new Promise(resolve => child.on('close', () => resolve(performance.now() - start)))
  const bare = []
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const start = performance.now()
    await exited(spawn(node, ['-e', '0'], { stdio: 'ignore' }), start)
    bare.push(performance.now() - start)
  }
  bare.sort((a, b) => a - b)
  // A missing aws-region fails in getInputs, before any network call: load, parse inputs, exit.
  const inputError = await timeAction({}, STARTUP_RUNS, exited)

  // Time until the first request reaches a Config endpoint, which then denies it so the run ends.
  let firstRequest = () => undefined
  const server = createServer((req, res) => {
    firstRequest()
    req.resume()
    res.writeHead(400, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': 'AccessDeniedException'
    })
    res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'bench' }))
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const dir = await mkdtemp(join(tmpdir(), 'bench-startup-'))
  const toFirstRequest = await timeAction(
    {
      'INPUT_AWS-REGION': 'us-east-1',
      'INPUT_AGGREGATOR-NAME': 'org-aggregator',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_CONFIG_SERVICE: `http://127.0.0.1:${address.port}`,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      RUNNER_TEMP: dir
    },
    STARTUP_RUNS,
    (child, start) =>
      new Promise(resolve => {
        let at = 0
        firstRequest = () => (at ||= performance.now() - start)
        child.on('close', () => resolve(at))
      })
  )
  server.close()
  await rm(dir, { recursive: true, force: true })
  return { bare, inputError, toFirstRequest }
}

const fmt = (/** @type {number} */ n, digits = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const median = (/** @type {number[]} */ xs) => xs[Math.floor(xs.length / 2)] ?? NaN

function printResults(results, startup) {
  const lines = [
    `Machine: ${availableParallelism()} cores, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.versions.node}${quick ? ' (--quick)' : ''}`
  ]
  if (results.some(r => r.runs.length > 0))
    lines.push(
      '',
      '| scenario | stand-in | collection | users | accounts | Config requests (throttled) | wall s | floor s | × floor | speed-up vs serial | build→diff CPU s | peak RSS MB |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
    )
  for (const { scenario, runs } of results) {
    const serial = runs.find(r => r.mode === 'serial')
    for (const run of runs) {
      const latency = scenario.latencyMs / 1000
      const floor = Math.max(
        scenario.tps > 0 ? run.pages / scenario.tps : 0,
        (run.pages * latency) / run.concurrency
      )
      const reportCpu = Object.values(run.cpu).reduce((a, b) => a + b, 0) / 1000
      lines.push(
        `| ${scenario.name} | ${scenario.latencyMs} ms, ${scenario.tps || '∞'} TPS | ${run.mode === 'serial' ? 'serial (seed)' : `sharded, max-concurrency ${run.concurrency}`} | ${run.users.toLocaleString('en-US')} | ${run.accounts.toLocaleString('en-US')} | ${run.requests.toLocaleString('en-US')} (${run.throttled}) | ${fmt(run.collectSeconds)} | ${floor > 0 ? fmt(floor) : '—'} | ${floor > 0 ? fmt(run.collectSeconds / floor, 2) : '—'} | ${run.mode === 'serial' ? '—' : `${fmt(serial.collectSeconds / run.collectSeconds, 2)}×`} | ${fmt(reportCpu, 2)} | ${fmt(run.peakRssMb, 0)} |`
      )
    }
  }
  for (const { scenario, pipeline } of results) {
    if (!pipeline) continue
    const cpuOf = run => PIPELINE_STAGES.reduce((sum, s) => sum + (run.cpu[s] ?? 0), 0)
    const rss = pipeline.map(run => run.peakRssMb).sort((a, b) => a - b)
    lines.push(
      '',
      `Pipeline alone, ${pipeline[0].users.toLocaleString('en-US')} users (${scenario.name}; rows read from a file and parsed one by one): CPU ms per stage, all threads, median of ${pipeline.length} run(s)`,
      '',
      `| ${PIPELINE_STAGES.join(' | ')} | total | peak RSS MB, median (max) |`,
      `| ${PIPELINE_STAGES.map(() => '---:').join(' | ')} | ---: | ---: |`,
      `| ${PIPELINE_STAGES.map(s => fmt(median(pipeline.map(run => run.cpu[s] ?? 0).sort((a, b) => a - b)), 0)).join(' | ')} | ${fmt(median(pipeline.map(cpuOf).sort((a, b) => a - b)), 0)} | ${fmt(median(rss), 0)} (${fmt(rss[rss.length - 1], 0)}) |`
    )
  }
  lines.push(
    '',
    `Startup of \`node dist/index.js\`, median (min) of ${STARTUP_RUNS} runs: ${fmt(median(startup.inputError), 0)} ms (${fmt(startup.inputError[0], 0)}) to exit on an input error, ${fmt(median(startup.toFirstRequest), 0)} ms (${fmt(startup.toFirstRequest[0], 0)}) to the first Config request; \`node -e 0\` takes ${fmt(median(startup.bare), 0)} ms.`
  )
  process.stdout.write(`${lines.join('\n')}\n`)
}

/**
 * A token from the OIDC stand-in, as core.getIDToken asks for it.
 * @param {{ requestUrl: string, requestToken: string }} oidc @param {string} audience
 */
async function idToken(oidc, audience) {
  const res = await globalThis.fetch(
    `${oidc.requestUrl}&audience=${encodeURIComponent(audience)}`,
    {
      headers: { authorization: `Bearer ${oidc.requestToken}` }
    }
  )
  return /** @type {{ value: string }} */ (await res.json()).value
}

const STS_LATENCY_MS = 50
const IAM_LATENCY_MS = 100
const SESSION_SECONDS = 900

/**
 * The credential-report enrichment across many accounts, in this process, signed in as the action
 * signs in: the role's credentials from the OIDC stand-in and AssumeRoleWithWebIdentity, renewed
 * as they near their end, then AssumeRole and three IAM calls per account against the STS and IAM
 * stand-ins, eight accounts at a time. IAM answers STARTED before COMPLETE, so every account waits
 * one poll (1 s): the floor is accounts / 8 × (1 s + the round trips), divided by the time scale.
 * Then one upload to S3 with the same credentials, as the action's last step. Every stand-in
 * refuses a session that has ended.
 */
async function runCredentialScenario(accounts) {
  log(`\nCredential reports, ${accounts.toLocaleString('en-US')} accounts, time × ${timeScale}…`)
  const { startStandins } = await import('../standins/index.js')
  const standins = await startStandins()
  try {
    const org = generateOrg({ seed: 9, accounts, usersPerAccount: 5 })
    standins.loadOrg(org)
    standins.sts.knobs.latencyMs = STS_LATENCY_MS / timeScale
    standins.iam.knobs.latencyMs = IAM_LATENCY_MS / timeScale
    standins.sts.knobs.sessionSeconds = SESSION_SECONDS / timeScale
    for (const [k, v] of Object.entries(standins.env)) if (k.startsWith('AWS_')) process.env[k] = v
    const { collectCredentialReports } = await import(join(buildDir, 'steps/credential-reports.js'))
    const { webIdentityCredentials } = await import(join(buildDir, 'aws/sts.js'))
    const { sleep } = await import(join(buildDir, 'retry.js'))
    const { createAwsClients } = await import(join(buildDir, 'aws/clients.js'))
    const { putObject } = await import(join(buildDir, 'aws/s3.js'))
    const cpu0 = process.cpuUsage()
    const began = performance.now()
    const credentials = webIdentityCredentials(
      {
        region: 'us-east-1',
        roleArn: standins.roleArn,
        sessionName: 'iam-user-report',
        durationSeconds: SESSION_SECONDS,
        audience: 'sts.amazonaws.com'
      },
      {
        getIdToken: (/** @type {string} */ audience) => idToken(standins.oidc, audience),
        setSecret: () => undefined,
        log: (/** @type {string} */ line) => log(`  ${line}`)
      }
    )
    await credentials()
    const result = await collectCredentialReports({
      accountIds: org.accounts.map(a => a.id),
      roleName: 'iam-user-report-member',
      partition: 'aws',
      sourceCredentials: credentials,
      region: 'us-east-1',
      concurrency: 8,
      deps: { sleep: (/** @type {number} */ ms) => sleep(ms / timeScale) }
    })
    const aws = createAwsClients({ region: 'us-east-1', s3Region: '', credentials })
    const bucket = { bucket: 'acme-iam-reports', expectedOwner: '', kmsKeyId: '' }
    const upload = await putObject(aws.s3, bucket, 'bench/after-the-run.txt', 'ok', 'text/plain')
      .then(() => 'ok')
      .catch((/** @type {Error} */ error) => error.message)
    aws.s3.destroy()
    const seconds = (performance.now() - began) / 1000
    const cpu = process.cpuUsage(cpu0)
    const rows = [...result.byAccount.values()].reduce((n, m) => n + m.size, 0)
    const stsCalls = (/** @type {string} */ action) =>
      standins.sts.requests.filter(r => r.operation === action).length
    const roundTrips = (STS_LATENCY_MS + IAM_LATENCY_MS * 3) / 1000
    return {
      accounts,
      enriched: result.byAccount.size,
      failures: result.failures.length,
      rows,
      webIdentity: stsCalls('AssumeRoleWithWebIdentity'),
      assumeRole: stsCalls('AssumeRole'),
      iamRequests: standins.iam.requests.length,
      // Requests refused (an ended session is refused with 400 or 403): there should be none.
      refused: [standins.sts, standins.iam, standins.s3]
        .flatMap(service => service.requests)
        .filter(r => r.status === 400 || r.status === 403).length,
      upload,
      seconds,
      floor: ((accounts / 8) * (1 + roundTrips)) / timeScale,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssMb: process.memoryUsage().rss / 2 ** 20
    }
  } finally {
    await standins.close()
  }
}

if (!existsSync(join(root, 'dist', 'index.js')))
  throw new Error('dist/index.js is missing: npm run build')
const began = performance.now()
const results = []
if (!startupOnly) {
  log('Compiling src/ for the bench…')
  compile()
}
if (!startupOnly && !credentialsOnly) {
  const dir = await mkdtemp(join(tmpdir(), 'iam-user-report-bench-'))
  try {
    for (const scenario of SCENARIOS)
      if (!pipelineOnly || scenario.pipeline) results.push(await runScenario(scenario, dir))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
const credentials =
  startupOnly || pipelineOnly
    ? undefined
    : await runCredentialScenario(numberArg('--accounts', quick ? 100 : 1000))
if (!credentialsOnly) {
  log('\nStartup…')
  printResults(results, await measureStartup())
}
if (credentials) {
  const c = credentials
  process.stdout.write(
    [
      '',
      `Credential reports (member role, 8 accounts at a time; STS ${STS_LATENCY_MS} ms, IAM ${IAM_LATENCY_MS} ms per request, sessions of ${SESSION_SECONDS} s${timeScale === 1 ? '' : `; all ${timeScale} times faster`}):`,
      '',
      '| accounts | enriched | failed | users | AssumeRoleWithWebIdentity | AssumeRole | IAM requests | refused (400/403) | S3 upload after | wall s | floor s | × floor | CPU s | RSS MB (with stand-ins) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
      `| ${c.accounts.toLocaleString('en-US')} | ${c.enriched.toLocaleString('en-US')} | ${c.failures} | ${c.rows.toLocaleString('en-US')} | ${c.webIdentity} | ${c.assumeRole.toLocaleString('en-US')} | ${c.iamRequests.toLocaleString('en-US')} | ${c.refused} | ${c.upload} | ${fmt(c.seconds)} | ${fmt(c.floor)} | ${fmt(c.seconds / c.floor, 2)} | ${fmt(c.cpuSeconds, 2)} | ${fmt(c.rssMb, 0)} |`,
      ''
    ].join('\n')
  )
}
log(`\nBench took ${fmt((performance.now() - began) / 1000 / 60)} min.`)
