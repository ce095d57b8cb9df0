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

/** Updates the open issue that carries the marker, or opens a new one. */
export async function upsertIssue(
  octokit: Octokit,
  repo: RepoRef,
  content: IssueContent
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
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title: content.title,
      body: content.body,
      labels: [...content.labels],
      assignees: [...content.assignees]
    })
    return { number: data.number, url: data.html_url, updated: false }
  } catch (error) {
    throw describeGitHubError(error, `issue in ${repo.owner}/${repo.repo}`)
  }
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
