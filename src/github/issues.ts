import { hasMarker } from '../report/markdown/issue.js'
import { GitHubError, errorMessage, httpStatus, isForbidden } from '../errors.js'
import type { Octokit } from './octokit.js'
import { describeRateLimit } from './rate-limit.js'

export interface RepoRef {
  readonly owner: string
  readonly repo: string
}

export interface IssueContent {
  readonly title: string
  readonly body: string
  readonly labels: readonly string[]
  readonly assignees: readonly string[]
  /** Hidden comment that identifies the issue of one baseline, so re-runs update it. */
  readonly marker: string
}

export interface IssueRef {
  readonly number: number
  readonly url: string
  readonly updated: boolean
}

/**
 * Updates the open issue that carries the marker, or opens a new one. An update leaves labels
 * and assignees as people have since set them.
 */
export async function upsertIssue(
  octokit: Octokit,
  repo: RepoRef,
  content: IssueContent,
  warn: (message: string) => void
): Promise<IssueRef> {
  try {
    const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'open',
      per_page: 100,
      ...(content.labels.length > 0 ? { labels: content.labels.join(',') } : {})
    })
    const existing = open.find(
      issue => !issue.pull_request && hasMarker(issue.body ?? '', content.marker)
    )
    if (existing) {
      const { data } = await octokit.rest.issues.update({
        ...repo,
        issue_number: existing.number,
        title: content.title,
        body: content.body
      })
      return { number: data.number, url: data.html_url, updated: true }
    }
    const data = await createIssue(octokit, repo, content, warn)
    return { number: data.number, url: data.html_url, updated: false }
  } catch (error) {
    throw describeGitHubError(error, `issue in ${repo.owner}/${repo.repo}`)
  }
}

/**
 * GitHub refuses the whole issue when one assignee cannot be assigned (a typo, someone who left
 * the organization). The report matters more than who is assigned: the issue is opened without
 * the logins GitHub refused, and a warning names them.
 */
async function createIssue(
  octokit: Octokit,
  repo: RepoRef,
  content: IssueContent,
  warn: (message: string) => void
) {
  const create = async (assignees: readonly string[]) =>
    (
      await octokit.rest.issues.create({
        ...repo,
        title: content.title,
        body: content.body,
        labels: [...content.labels],
        assignees: [...assignees]
      })
    ).data
  try {
    return await create(content.assignees)
  } catch (error) {
    const refused = refusedAssignees(error, content.assignees)
    if (refused.length === 0) throw error
    const logins = refused.map(login => `'${login}'`).join(', ')
    warn(
      `issue-assignees: GitHub cannot assign ${logins} to issues in ${repo.owner}/${repo.repo} (no such login, or no access to the repository); the issue is opened without ${refused.length === 1 ? 'it' : 'them'}. Correct issue-assignees.`
    )
    return create(content.assignees.filter(login => !refused.includes(login)))
  }
}

/**
 * The assignees a 422 refuses: `errors: [{ field: 'assignees', code: 'invalid', value: login }]`.
 * Should GitHub not say which, all of them, so that the issue is still opened.
 */
function refusedAssignees(error: unknown, assignees: readonly string[]): string[] {
  if (httpStatus(error) !== 422) return []
  const errors = (error as { response?: { data?: { errors?: unknown } } }).response?.data?.errors
  if (!Array.isArray(errors)) return []
  const invalid = errors.filter(e => (e as { field?: unknown })?.field === 'assignees')
  if (invalid.length === 0) return []
  const named = new Set(invalid.map(e => String((e as { value?: unknown }).value).toLowerCase()))
  const refused = assignees.filter(login => named.has(login.toLowerCase()))
  return refused.length > 0 ? refused : [...assignees]
}

function describeGitHubError(error: unknown, what: string): GitHubError {
  const status = httpStatus(error)
  const answer = `HTTP ${status}: ${errorMessage(error)}`
  if (status === 401)
    return new GitHubError(
      `GitHub refused the ${what} (${answer}): the token is invalid or expired — pass a valid github-token.`
    )
  const limited = describeRateLimit(error, `the ${what}`)
  if (limited) return new GitHubError(limited)
  if (isForbidden(error))
    return new GitHubError(
      `GitHub refused the ${what} (${answer}): grant the job \`permissions: issues: write\` and pass github-token.`
    )
  return new GitHubError(
    `GitHub ${what} failed${status ? ` (HTTP ${status})` : ''}: ${errorMessage(error)}`
  )
}
