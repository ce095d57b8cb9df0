// Issues part of the GitHub REST stand-in: list (filters, sort, paging), create, get, update,
// with GitHub's validation answers (422) for a missing title, a body over 65,536 characters and
// assignees who cannot be assigned.

const BODY_LIMIT = 65536
const DOCS = 'https://docs.github.com/rest/issues/issues'
const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

/**
 * @param {{ knobs: { assignable: Set<string> | null }, baseUrl: () => string, iso: () => string,
 *   paginate: (u: URL, list: any[]) => { items: any[], link: string | undefined }, notFound: () => [number, any] }} deps
 */
export function createIssueRoutes({ knobs, baseUrl, iso, paginate, notFound }) {
  /** @type {any[]} */
  const issues = []
  /** @param {string} login */
  const user = login => ({ login, id: 1000 + login.length, type: 'User' })
  /** @param {string} name */
  const label = name => ({
    id: 2000 + name.length,
    name,
    color: 'ededed',
    default: false,
    description: null
  })
  /** @param {any} body @param {any} [issue] @returns {any[] | undefined} validation errors */
  const validateIssue = (body, issue) => {
    const errors = []
    if (!issue && (typeof body.title !== 'string' || body.title === ''))
      errors.push({ resource: 'Issue', code: 'missing_field', field: 'title' })
    if (typeof body.body === 'string' && body.body.length > BODY_LIMIT)
      errors.push({
        resource: 'Issue',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${BODY_LIMIT} characters)`
      })
    for (const login of body.assignees ?? [])
      if (knobs.assignable && !knobs.assignable.has(login))
        errors.push({ value: login, resource: 'Issue', field: 'assignees', code: 'invalid' })
    return errors.length ? errors : undefined
  }
  /** GitHub's answer to a request it will not carry out. @param {any[]} errors @returns {[number, any]} */
  const invalid = errors => [
    422,
    { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' }
  ]
  /** @param {any} issue @param {any} body */
  const applyIssue = (issue, body) => {
    if (body.title !== undefined) issue.title = body.title
    if (body.body !== undefined) issue.body = body.body
    if (body.labels !== undefined)
      issue.labels = body.labels.map((/** @type {any} */ l) =>
        label(typeof l === 'string' ? l : l.name)
      )
    if (body.assignees !== undefined) issue.assignees = body.assignees.map(user)
    issue.assignee = issue.assignees[0] ?? null
    if (body.state !== undefined && body.state !== issue.state) {
      issue.state = body.state
      issue.closed_at = body.state === 'closed' ? iso() : null
      issue.state_reason = body.state === 'closed' ? (body.state_reason ?? 'completed') : 'reopened'
    }
    issue.updated_at = iso()
  }

  /**
   * @param {string} method @param {string} rest path after /repos/:owner/:repo @param {string} owner @param {string} repo
   * @param {URL} u @param {any} body
   * @returns {[number, any, Record<string, string>?] | undefined} undefined when not an issues route
   */
  const route = (method, rest, owner, repo, u, body) => {
    let p
    if (rest === '/issues' && method === 'GET') {
      const state = u.searchParams.get('state') ?? 'open'
      const wanted = (u.searchParams.get('labels') ?? '').split(',').filter(Boolean)
      const asc = u.searchParams.get('direction') === 'asc'
      const key = u.searchParams.get('sort') === 'updated' ? 'updated_at' : 'created_at'
      const list = issues
        .filter(
          i =>
            (state === 'all' || i.state === state) &&
            wanted.every(w => i.labels.some((/** @type {any} */ l) => l.name === w))
        )
        .sort(
          (a, b) =>
            (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1) * (asc ? 1 : -1)
        )
      const { items, link } = paginate(u, list)
      return [200, items, link ? { link } : {}]
    }
    if (rest === '/issues' && method === 'POST') {
      const errors = validateIssue(body)
      if (errors) return invalid(errors)
      const number = issues.length + 1
      const issue = {
        id: 5000 + number,
        node_id: `I_kwDOstandin${number}`,
        number,
        url: `${baseUrl()}/repos/${owner}/${repo}/issues/${number}`,
        repository_url: `${baseUrl()}/repos/${owner}/${repo}`,
        html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
        state: 'open',
        state_reason: null,
        title: '',
        body: null,
        user: BOT,
        labels: [],
        assignee: null,
        assignees: [],
        locked: false,
        comments: 0,
        created_at: iso(),
        updated_at: iso(),
        closed_at: null,
        author_association: 'NONE'
      }
      applyIssue(issue, body)
      issues.push(issue)
      return [201, issue]
    }
    if ((p = /^\/issues\/(\d+)$/.exec(rest))) {
      const issue = issues.find(i => i.number === Number(p?.[1]))
      if (!issue) return notFound()
      if (method === 'GET') return [200, issue]
      if (method !== 'PATCH') return notFound()
      const errors = validateIssue(body, issue)
      if (errors) return invalid(errors)
      applyIssue(issue, body)
      return [200, issue]
    }
    return undefined
  }
  return { issues, route }
}
