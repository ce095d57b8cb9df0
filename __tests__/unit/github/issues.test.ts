import { upsertIssue } from '../../../src/github/issues.js'
import type { Octokit } from '../../../src/github/octokit.js'

const repo = { owner: 'o', repo: 'r' }
const content = { title: 't', body: 'b', labels: [], assignees: [], marker: '<!-- m -->' }

/** Octokit's RequestError as it reaches us: status, message and the response headers. */
function httpError(status: number, message: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), { name: 'HttpError', status, response: { headers } })
}

/** An Octokit whose first call, listing the open issues, fails with `error`. */
function failingOctokit(error: Error): Octokit {
  return {
    paginate: async () => {
      throw error
    },
    rest: { issues: { listForRepo: () => undefined } }
  } as unknown as Octokit
}

const noWarning = (message: string) => {
  throw new Error(`unexpected warning: ${message}`)
}
const upsertFailingWith = (error: Error) =>
  upsertIssue(failingOctokit(error), repo, content, noWarning)

describe('upsertIssue failures', () => {
  it('says a 401 means the token is invalid or expired, not a missing permission', async () => {
    const failure = upsertFailingWith(httpError(401, 'Bad credentials'))
    await expect(failure).rejects.toThrow(
      'GitHub refused the issue in o/r (HTTP 401: Bad credentials): the token is invalid or expired — pass a valid github-token.'
    )
    await expect(failure).rejects.not.toThrow(/issues: write/)
  })

  it('asks for issues: write on a 403 that is not a rate limit', async () => {
    await expect(
      upsertFailingWith(
        httpError(403, 'Resource not accessible by integration', {
          'x-ratelimit-remaining': '4999'
        })
      )
    ).rejects.toThrow(
      'GitHub refused the issue in o/r (HTTP 403: Resource not accessible by integration): grant the job `permissions: issues: write` and pass github-token.'
    )
  })

  it('says GitHub’s rate limit was hit, and when it resets, on a 403 with no requests left', async () => {
    const failure = upsertFailingWith(
      httpError(403, 'Forbidden', {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.UTC(2026, 11, 1, 9, 30) / 1000)
      })
    )
    await expect(failure).rejects.toThrow(
      "GitHub's rate limit was hit on the issue in o/r (HTTP 403: Forbidden), not a missing permission: it resets at 2026-12-01T09:30:00.000Z; run again after that."
    )
    await expect(failure).rejects.not.toThrow(/issues: write/)
  })

  it('recognises a rate limit by its message when GitHub sends no reset time', async () => {
    await expect(
      upsertFailingWith(httpError(403, 'You have exceeded a secondary rate limit'))
    ).rejects.toThrow(/rate limit was hit .*not a missing permission: run again later\.$/)
  })

  it('names the status of any other failure', async () => {
    await expect(upsertFailingWith(httpError(502, 'Bad gateway'))).rejects.toThrow(
      'GitHub issue in o/r failed (HTTP 502): Bad gateway'
    )
  })
})

/** An Octokit with these open issues, recording which issue calls were made. */
function octokitWith(issues: { number: number; body: string }[]): Octokit & { calls: string[] } {
  const calls: string[] = []
  const answer = (number: number) => ({
    data: { number, html_url: `https://github.com/o/r/issues/${number}` }
  })
  return {
    calls,
    paginate: async () => issues,
    rest: {
      issues: {
        listForRepo: () => undefined,
        create: async () => (calls.push('create'), answer(99)),
        update: async (p: { issue_number: number }) => (
          calls.push(`update ${p.issue_number}`),
          answer(p.issue_number)
        )
      }
    }
  } as unknown as Octokit & { calls: string[] }
}

describe('upsertIssue and the marker', () => {
  it('updates the issue whose first line is the marker', async () => {
    const octokit = octokitWith([{ number: 4, body: `${content.marker}\nlast month` }])
    await expect(upsertIssue(octokit, repo, content, noWarning)).resolves.toMatchObject({
      number: 4
    })
    expect(octokit.calls).toEqual(['update 4'])
  })

  it('leaves alone an issue that only quotes the marker further down, and opens a new one', async () => {
    const octokit = octokitWith([{ number: 5, body: `Saw this in a report:\n${content.marker}` }])
    await expect(upsertIssue(octokit, repo, content, noWarning)).resolves.toMatchObject({
      number: 99
    })
    expect(octokit.calls).toEqual(['create'])
  })
})

/** GitHub's answer to an issue with an assignee it cannot assign. */
function refusedAssignee(login: string) {
  return Object.assign(new Error('Validation Failed'), {
    name: 'HttpError',
    status: 422,
    response: {
      headers: {},
      data: {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: login }]
      }
    }
  })
}

/** An Octokit with no open issue, whose create refuses the logins not in `assignable`. */
function octokitAssigning(
  assignable: string[],
  answer: (login: string) => Error = refusedAssignee
) {
  const created: string[][] = []
  const octokit = {
    paginate: async () => [],
    rest: {
      issues: {
        listForRepo: () => undefined,
        create: async ({ assignees }: { assignees: string[] }) => {
          const refused = assignees.find(a => !assignable.includes(a))
          if (refused !== undefined) throw answer(refused)
          created.push(assignees)
          return { data: { number: 7, html_url: 'https://github.com/o/r/issues/7' } }
        }
      }
    }
  } as unknown as Octokit
  return { octokit, created }
}

describe('upsertIssue and assignees', () => {
  const assigned = { ...content, assignees: ['lead', 'ghost'] }

  it('opens the issue without an assignee GitHub refuses, warning with the input and the login', async () => {
    const { octokit, created } = octokitAssigning(['lead'])
    const warnings: string[] = []
    await expect(
      upsertIssue(octokit, repo, assigned, m => warnings.push(m))
    ).resolves.toMatchObject({ number: 7, updated: false })
    expect(created).toEqual([['lead']])
    expect(warnings).toEqual([
      "issue-assignees: GitHub cannot assign 'ghost' to issues in o/r (no such login, or no access to the repository); the issue is opened without it. Correct issue-assignees."
    ])
  })

  it('opens the issue with nobody assigned when GitHub refuses assignees without naming them', async () => {
    const unnamed = (): Error =>
      Object.assign(refusedAssignee(''), {
        response: { headers: {}, data: { errors: [{ field: 'assignees', code: 'invalid' }] } }
      })
    const { octokit, created } = octokitAssigning([], unnamed)
    const warnings: string[] = []
    await upsertIssue(octokit, repo, assigned, m => warnings.push(m))
    expect(created).toEqual([[]])
    expect(warnings[0]).toMatch(
      /^issue-assignees: GitHub cannot assign 'lead', 'ghost' .*without them/
    )
  })

  it('does not retry a 422 about something else', async () => {
    const invalidTitle = (): Error =>
      Object.assign(refusedAssignee(''), {
        response: { headers: {}, data: { errors: [{ field: 'title', code: 'missing_field' }] } }
      })
    const { octokit, created } = octokitAssigning([], invalidTitle)
    await expect(upsertIssue(octokit, repo, assigned, noWarning)).rejects.toThrow(
      'GitHub issue in o/r failed (HTTP 422): Validation Failed'
    )
    expect(created).toEqual([])
  })
})
