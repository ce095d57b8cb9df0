// Starts every stand-in and builds the environment a spawned `node dist/index.js` needs to reach
// them, exactly as on a runner: the action has no test-only switches (SPEC §2, §8).
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeRuntimeToken, startArtifact } from './artifact.js'
import { startConfig } from './config.js'
import { startGithub } from './github.js'
import { randomId } from './http-util.js'
import { startIam } from './iam.js'
import { startOidc } from './oidc.js'
import { startOrganizations } from './organizations.js'
import { startS3 } from './s3.js'
import { startSts } from './sts.js'

export { generateOrg, mutateOrg, summarizeOrg } from './generate-org.js'

/**
 * @typedef {object} StandinOptions
 * @property {string} [region] AWS_REGION (default us-east-1)
 * @property {string} [aggregatorName] the one aggregator Config knows (default org-aggregator)
 * @property {string[]} [buckets] buckets created up front (default ['acme-iam-reports'])
 * @property {string} [roleArn] the only role STS lets the workflow assume
 * @property {string} [audience] `aud` STS requires in the OIDC token (default sts.amazonaws.com)
 * @property {string} [repository] GITHUB_REPOSITORY (default acme/security-reports)
 * @property {number} [runId] first GITHUB_RUN_ID (default 7000000001)
 * @property {number} [workflowId] workflow id of every run (default 77)
 * @property {{ accounts: { id: string, name: string, email?: string }[], items: object[] }} [org] loaded with loadOrg
 */

/**
 * action.yml's defaults, which the runner passes for every input a workflow does not set.
 * `${{ … }}` defaults (github-token) are left out: there is no expression context here.
 */
const ACTION_DEFAULTS = (() => {
  const yml = readFileSync(join(import.meta.dirname, '..', '..', 'action.yml'), 'utf8')
  const inputs = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'))
  /** @type {Record<string, string>} */
  const defaults = {}
  for (const m of inputs.matchAll(/^ {2}([a-z0-9-]+):\n(?: {4}.*\n)*? {4}default: (.*)$/gm)) {
    const raw = m[2].trim()
    const value = /^'.*'$/.test(raw) ? raw.slice(1, -1).replaceAll("''", "'") : raw
    if (!value.includes('${{')) defaults[m[1]] = value
  }
  return defaults
})()

/**
 * Maps action inputs to the `INPUT_<NAME>` variables @actions/core reads (hyphens kept, upper
 * case), with action.yml's default for every input not given, as the runner does.
 * @param {Record<string, string>} inputs
 */
export function inputEnv(inputs) {
  return Object.fromEntries(
    Object.entries({ ...ACTION_DEFAULTS, ...inputs }).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value
    ])
  )
}

/** @param {StandinOptions} [options] */
export async function startStandins(options = {}) {
  const region = options.region ?? 'us-east-1'
  const repository = options.repository ?? 'acme/security-reports'
  const roleArn = options.roleArn ?? 'arn:aws:iam::111111111111:role/iam-user-report'
  const workflowId = options.workflowId ?? 77
  const githubToken = `ghs_standin${randomId(16)}`
  const sts = await startSts({
    knobs: {
      allowedRoles: new Set([roleArn]),
      expectedAudience: options.audience ?? 'sts.amazonaws.com'
    }
  })
  // Every AWS stand-in refuses a session token STS issued once its session has ended, as AWS does.
  const { sessionExpired } = sts
  const [config, organizations, oidc, artifact, github, s3] = await Promise.all([
    startConfig({ aggregators: [options.aggregatorName ?? 'org-aggregator'], sessionExpired }),
    startOrganizations({ sessionExpired }),
    startOidc(),
    startArtifact(),
    startGithub({ knobs: { repository, expectedToken: githubToken } }),
    startS3({ buckets: options.buckets ?? ['acme-iam-reports'], sessionExpired })
  ])
  // IAM answers member-account credentials from STS's AssumeRole only, and reports on the users
  // Config holds for that account.
  const iam = await startIam({
    items: () => config.getItems(),
    knownAccessKey: key => sts.assumed.some(a => a.accessKeyId === key),
    sessionExpired
  })
  // STS accepts exactly the tokens the OIDC endpoint issued, as a trust policy bound to GitHub would.
  sts.knobs.expectedToken = token => oidc.issuedTokens.includes(token)
  const root = await mkdtemp(join(tmpdir(), 'standin-runner-'))
  /** @type {Map<string, number>} run backend id → GITHUB_RUN_ID, to list uploads as that run's artifacts */
  const backendRuns = new Map()
  artifact.onFinalize(
    a =>
      void github.addArtifact({
        name: a.name,
        runId: backendRuns.get(a.runBackendId) ?? 0,
        zip: a.zip,
        digest: a.digest
      })
  )

  /** @type {Record<string, string>} */
  const env = {
    // AWS SDK v3: per-service endpoints, so every client reaches its stand-in with no code change.
    AWS_REGION: region,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_CONFIG_SERVICE: config.url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: organizations.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_IAM: iam.url,
    // s3rver corrupts aws-chunked uploads that carry checksum trailers.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    // Keep the developer's own AWS setup out: no profile files, no instance-metadata probing.
    AWS_CONFIG_FILE: join(root, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Present only with `permissions: id-token: write`; the URL already carries ?api-version=.
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    // @actions/artifact: the results service origin and the runtime JWT naming run/job backend ids.
    ACTIONS_RESULTS_URL: `${artifact.url}/`,
    ACTIONS_RUNTIME_TOKEN: '',
    // @actions/github reads GITHUB_API_URL when first imported; artifact uploads also require
    // GITHUB_SERVER_URL to stay github.com.
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${github.url}/graphql`,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    GITHUB_RUN_ID: '',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'IAM user report',
    GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/iam-user-report.yml@refs/heads/main`,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_ACTOR: 'octocat',
    GITHUB_JOB: 'report',
    GITHUB_ACTION: 'iam-user-report',
    RUNNER_OS: 'Linux',
    // Per-run files and folders, set by nextRun().
    RUNNER_TEMP: '',
    GITHUB_WORKSPACE: '',
    GITHUB_STEP_SUMMARY: '',
    GITHUB_OUTPUT: '',
    GITHUB_ENV: '',
    GITHUB_STATE: '',
    GITHUB_EVENT_PATH: ''
  }

  let runId = (options.runId ?? 7000000001) - 1
  /**
   * Completes the current workflow run (if any) with `conclusion` and starts the next one, on
   * `branch`: a new GITHUB_RUN_ID, runtime token and fresh runner files. Returns the run's folder.
   * @param {{ conclusion?: 'success' | 'failure' | 'cancelled', branch?: string }} [opts]
   */
  const nextRun = async ({ conclusion = 'success', branch = 'main' } = {}) => {
    const previous = github.runs.get(runId)
    if (previous) Object.assign(previous, { status: 'completed', conclusion })
    runId++
    Object.assign(env, {
      GITHUB_REF: `refs/heads/${branch}`,
      GITHUB_REF_NAME: branch,
      GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/iam-user-report.yml@refs/heads/${branch}`
    })
    github.addRun({
      id: runId,
      workflowId,
      status: 'in_progress',
      conclusion: null,
      event: env.GITHUB_EVENT_NAME,
      branch
    })
    const runBackendId = randomUUID()
    backendRuns.set(runBackendId, runId)
    const dir = join(root, `run-${runId}`)
    for (const sub of ['temp', 'workspace', 'files'])
      await mkdir(join(dir, sub), { recursive: true })
    const file = (/** @type {string} */ name) => join(dir, 'files', name)
    for (const name of ['step_summary.md', 'output', 'env', 'state'])
      await writeFile(file(name), '')
    await writeFile(
      file('event.json'),
      JSON.stringify({ inputs: {}, ref: env.GITHUB_REF, repository: { full_name: repository } })
    )
    Object.assign(env, {
      GITHUB_RUN_ID: String(runId),
      ACTIONS_RUNTIME_TOKEN: makeRuntimeToken(runBackendId, randomUUID()),
      RUNNER_TEMP: join(dir, 'temp'),
      GITHUB_WORKSPACE: join(dir, 'workspace'),
      GITHUB_STEP_SUMMARY: file('step_summary.md'),
      GITHUB_OUTPUT: file('output'),
      GITHUB_ENV: file('env'),
      GITHUB_STATE: file('state'),
      GITHUB_EVENT_PATH: file('event.json')
    })
    return dir
  }
  await nextRun()

  /** Serves `org` from Config (all accounts' items) and Organizations. @param {NonNullable<StandinOptions['org']>} org */
  const loadOrg = org => {
    config.setItems(org.items)
    organizations.setAccounts(org.accounts)
  }
  if (options.org) loadOrg(options.org)

  return {
    config,
    sts,
    iam,
    organizations,
    oidc,
    artifact,
    github,
    s3,
    env,
    roleArn,
    githubToken,
    /** Root of the per-run runner folders. */
    root,
    loadOrg,
    nextRun,
    inputEnv,
    async close() {
      await Promise.all(
        [config, sts, iam, organizations, oidc, artifact, github, s3].map(s => s.close())
      )
      await rm(root, { recursive: true, force: true })
    }
  }
}
