// Actions part of the GitHub REST stand-in: workflow runs and their artifacts, as read when the
// action looks for the previous report (this run, the workflow's runs on a branch, a run's
// artifacts by name, the zip).
import yazl from 'yazl'
import { randomId } from './http-util.js'

const DOCS = 'https://docs.github.com/rest'
const REPOSITORY_ID = 1
const FORK_ID = 2

/** Deterministic zip (fixed mtimes) of `{ name: contents }`. @param {Record<string, Buffer | string>} files */
export function zipFiles(files) {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(files))
    zip.addBuffer(Buffer.from(content), name, { mtime: new Date('2026-01-01T00:00:00Z') })
  zip.end()
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    zip.outputStream.on('data', (/** @type {Buffer} */ c) => chunks.push(c))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}

/**
 * @param {{ knobs: { repository: string }, baseUrl: () => string, iso: (d?: Date) => string,
 *   paginate: (u: URL, list: any[]) => { items: any[], link: string | undefined }, notFound: () => [number, any] }} deps
 */
export function createActionsRoutes({ knobs, baseUrl, iso, paginate, notFound }) {
  /** @type {any[]} */
  const artifacts = []
  /** @type {Map<number, any>} */
  const runs = new Map()
  let nextArtifactId = 9001

  /** @param {any} a */
  const artifactJson = a => ({
    id: a.id,
    node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
    name: a.name,
    size_in_bytes: a.zip.length,
    url: `${baseUrl()}/repos/${knobs.repository}/actions/artifacts/${a.id}`,
    archive_download_url: `${baseUrl()}/repos/${knobs.repository}/actions/artifacts/${a.id}/zip`,
    expired: a.expired,
    digest: a.digest ?? null,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    expires_at: a.expiresAt,
    workflow_run: {
      id: a.runId,
      repository_id: REPOSITORY_ID,
      head_repository_id: runs.get(a.runId)?.head_repository.id ?? REPOSITORY_ID,
      head_branch: runs.get(a.runId)?.head_branch ?? 'main'
    }
  })

  /** @param {string} fullName @param {number} id */
  const repository = (fullName, id) => ({ id, name: fullName.split('/')[1], full_name: fullName })

  /**
   * @param {{ id: number, workflowId?: number, name?: string, status?: string, conclusion?: string | null,
   *   event?: string, branch?: string, headRepository?: string }} run `headRepository`: the
   *   `owner/repo` a pull request came from, when it is a fork
   */
  const addRun = run => {
    const head = run.headRepository ?? knobs.repository
    const record = {
      id: run.id,
      name: run.name ?? 'IAM user report',
      workflow_id: run.workflowId ?? 77,
      status: run.status ?? 'completed',
      conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
      event: run.event ?? 'schedule',
      run_number: run.id % 1000,
      run_attempt: 1,
      head_branch: run.branch ?? 'main',
      repository: repository(knobs.repository, REPOSITORY_ID),
      head_repository: repository(head, head === knobs.repository ? REPOSITORY_ID : FORK_ID),
      path: '.github/workflows/iam-user-report.yml',
      html_url: `https://github.com/${knobs.repository}/actions/runs/${run.id}`,
      created_at: iso(),
      updated_at: iso()
    }
    runs.set(run.id, record)
    return record
  }

  /**
   * Seeds an artifact of a workflow run (the run is created when unknown).
   * @param {{ name: string, runId: number, workflowId?: number, conclusion?: string | null, status?: string, branch?: string,
   *   files?: Record<string, Buffer | string>, zip?: Buffer, createdAt?: string, expired?: boolean, digest?: string }} spec
   */
  const addArtifact = async spec => {
    if (!runs.has(spec.runId))
      addRun({
        id: spec.runId,
        workflowId: spec.workflowId,
        conclusion: spec.conclusion,
        status: spec.status,
        branch: spec.branch
      })
    const zip = spec.zip ?? (await zipFiles(spec.files ?? {}))
    const createdAt = spec.createdAt ?? iso()
    const expiresAt = iso(new Date(Date.parse(createdAt) + 90 * 86400 * 1000))
    const { name, runId, digest, expired = false } = spec
    const record = { id: nextArtifactId++, name, runId, zip, createdAt, expiresAt, expired, digest }
    artifacts.push(record)
    return record
  }

  /**
   * @param {string} method @param {string} rest path after /repos/:owner/:repo @param {URL} u
   * @returns {[number, any, Record<string, string>?] | undefined} undefined when not an Actions route
   */
  const route = (method, rest, u) => {
    if (method !== 'GET') return undefined
    let p
    if ((p = /^\/actions(?:\/runs\/(\d+))?\/artifacts$/.exec(rest))) {
      const name = u.searchParams.get('name')
      const runId = p[1] === undefined ? undefined : Number(p[1])
      // Newest first, as GitHub lists them.
      const list = artifacts
        .filter(
          a => (name === null || a.name === name) && (runId === undefined || a.runId === runId)
        )
        .sort((a, b) =>
          a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1
        )
      const { items, link } = paginate(u, list)
      const page = { total_count: list.length, artifacts: items.map(artifactJson) }
      return [200, page, link ? { link } : {}]
    }
    if ((p = /^\/actions\/artifacts\/(\d+)(\/zip)?$/.exec(rest))) {
      const a = artifacts.find(x => x.id === Number(p?.[1]))
      if (!a) return notFound()
      if (!p[2]) return [200, artifactJson(a)]
      if (a.expired) return [410, { message: 'Artifact has expired', documentation_url: DOCS }]
      // GitHub redirects to a short-lived signed blob URL; here it is a route of this server.
      return [302, undefined, { location: `${baseUrl()}/_blobs/${a.id}.zip?sig=${randomId(8)}` }]
    }
    if ((p = /^\/actions\/workflows\/(\d+)\/runs$/.exec(rest))) {
      const workflowId = Number(p[1])
      const branch = u.searchParams.get('branch')
      const event = u.searchParams.get('event')
      // GitHub's `status` filter takes a status or a conclusion.
      const status = u.searchParams.get('status')
      const list = [...runs.values()]
        .filter(
          r =>
            r.workflow_id === workflowId &&
            (branch === null || r.head_branch === branch) &&
            (event === null || r.event === event) &&
            (status === null || r.status === status || r.conclusion === status)
        )
        // Newest first, as GitHub lists them.
        .sort((a, b) =>
          a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1
        )
      const { items, link } = paginate(u, list)
      return [200, { total_count: list.length, workflow_runs: items }, link ? { link } : {}]
    }
    if ((p = /^\/actions\/runs\/(\d+)$/.exec(rest))) {
      const run = runs.get(Number(p[1]))
      return run ? [200, run] : notFound()
    }
    return undefined
  }

  /** @param {number} id */
  const zipOf = id => artifacts.find(a => a.id === id)?.zip
  return { artifacts, runs, addRun, addArtifact, route, zipOf }
}
