import { becameAdmin } from '../diff.js'
import {
  codeList,
  codeSpan,
  describeChange,
  escapeText,
  formatCount,
  formatDay,
  inlineCode,
  link,
  plural,
  table,
  tableRow
} from './markdown.js'
import type { Report, ReportDiff, UserRecord } from '../types.js'

export interface IssueLinks {
  readonly runUrl: string
  readonly s3Uri?: string
  readonly artifactName?: string
  readonly artifactUrl?: string
}

export interface IssueInput {
  readonly diff: ReportDiff
  readonly report: Report
  readonly links: IssueLinks
  /** From `issueMarker`; it opens the body so a re-run finds and updates this issue. */
  readonly marker: string
}

/** GitHub rejects an issue body longer than this. */
export const ISSUE_BODY_LIMIT = 65_536
/** What the body is planned to; the margin covers any difference in how GitHub counts characters. */
const ISSUE_BODY_BUDGET = 60_000

const MARKER_PATTERN = /<!-- iam-user-report baseline=([0-9A-Za-z:.+-]*) -->/

/**
 * The hidden comment that ties an issue to one baseline. Only timestamp characters are kept, so
 * a tampered baseline cannot close the comment early.
 */
export function issueMarker(baselineGeneratedAt: string): string {
  return `<!-- iam-user-report baseline=${baselineGeneratedAt.replace(/[^0-9A-Za-z:.+-]/g, '')} -->`
}

/** The baseline `generatedAt` recorded in an issue body, or null when it carries no marker. */
export function findMarker(body: string): string | null {
  return MARKER_PATTERN.exec(body)?.[1] ?? null
}

interface Section {
  readonly title: string
  readonly headers: readonly string[]
  /** Rendered table lines, in the order they should be kept when the body must be cut. */
  readonly rows: readonly string[]
}

/** The issue for a non-empty diff against a baseline; a first report opens none. */
export function renderIssue(input: IssueInput): { title: string; body: string } {
  const { diff, links, marker } = input
  if (diff.baselineGeneratedAt === null) {
    throw new Error('An issue needs a baseline to compare with; a first report opens none.')
  }
  const since = formatDay(diff.baselineGeneratedAt)
  const title = `IAM users: ${diff.added.length} new, ${diff.removed.length} removed since ${since}`
  const promoted = diff.changed.filter(becameAdmin)
  const userCols = ['Account', 'Account name', 'User']
  const sections: Section[] = [
    {
      title: 'New users',
      headers: [...userCols, 'Created', 'Admin', 'Policies'],
      rows: diff.added.map(u => tableRow([...userCells(u), created(u), adminCell(u), policies(u)]))
    },
    {
      title: 'Users that became admin',
      headers: [...userCols, 'Admin because', 'What changed'],
      rows: promoted.map(c =>
        tableRow([...userCells(c.after), codeSpan(c.after.admin_reason), describeChange(c)])
      )
    },
    {
      title: 'Removed users',
      headers: [...userCols, 'Created', 'Was admin'],
      rows: diff.removed.map(u => tableRow([...userCells(u), created(u), adminCell(u)]))
    },
    {
      title: promoted.length > 0 ? 'Other changed users' : 'Changed users',
      headers: [...userCols, 'What changed'],
      rows: diff.changed
        .filter(c => !becameAdmin(c))
        .map(c => tableRow([...userCells(c.after), describeChange(c)]))
    },
    ...credentialSections(input.report, userCols)
  ].filter(s => s.rows.length > 0)

  const lead = renderLead(input, since, promoted.length)
  const tail = renderLinks(links)
  const cut = `see ${whereTheFullListIs(links)}`
  const fixed = [marker, lead, ...sections.map(s => renderSection(s, 0, cut)), tail]
  const allowances = shareBudget(
    ISSUE_BODY_BUDGET - joinedLength(fixed),
    sections.map(s => s.rows.reduce((sum, row) => sum + row.length + 1, 0))
  )
  const rendered = sections.map((s, i) => renderSection(s, rowsWithin(s.rows, allowances[i]), cut))
  return { title, body: `${[marker, lead, ...rendered, tail].join('\n\n')}\n` }
}

/** With the credential-report enrichment: stale users and console users without MFA. */
function credentialSections(report: Report, userCols: readonly string[]): Section[] {
  if (report.credentialReports === undefined) return []
  const when = (iso: string) => (iso === '' ? 'never' : codeSpan(iso))
  return [
    {
      title: `Stale users: no activity for more than ${formatCount(report.credentialReports.staleDays)} days`,
      headers: [...userCols, 'Last activity', 'Days inactive'],
      rows: report.users
        .filter(u => u.enrichment?.stale)
        .map(u =>
          tableRow([
            ...userCells(u),
            when(u.enrichment!.last_activity),
            formatCount(u.enrichment!.days_inactive)
          ])
        )
    },
    {
      title: 'Console users without MFA',
      headers: [...userCols, 'Password last used'],
      rows: report.users
        .filter(u => u.enrichment?.console_without_mfa)
        .map(u => tableRow([...userCells(u), when(u.enrichment!.password_last_used)]))
    }
  ]
}

function renderLead({ diff, report }: IssueInput, since: string, promoted: number): string {
  const newAdmins = diff.added.filter(u => u.is_admin).length
  const accounts = new Set(report.users.map(u => u.account_id)).size
  return (
    `Since the report of ${escapeText(since)}: **${formatCount(diff.added.length)}** new ` +
    `(${formatCount(newAdmins)} admin), **${formatCount(diff.removed.length)}** removed, ` +
    `**${formatCount(diff.changed.length)}** changed (${formatCount(promoted)} became admin). ` +
    `Report of ${escapeText(formatDay(report.generatedAt))}: ${plural(report.users.length, 'user')} ` +
    `in ${plural(accounts, 'account')}.`
  )
}

/** A section keeps its first `kept` rows and says how many more there are and where. */
function renderSection(section: Section, kept: number, cut: string): string {
  const omitted = section.rows.length - kept
  const rows = section.rows.slice(0, kept)
  if (omitted > 0) rows.push(tableRow([`\u2026 and ${formatCount(omitted)} more \u2014 ${cut}`]))
  const heading = `### ${section.title} (${formatCount(section.rows.length)})`
  return [heading, '', table(section.headers, []), ...rows].join('\n')
}

/**
 * Splits the room left for table rows evenly between sections, handing what a small section does
 * not need to the others, so thousands of new users cannot push the removed users out entirely.
 */
function shareBudget(room: number, needs: readonly number[]): number[] {
  const shares = needs.map(() => 0)
  let left = Math.max(0, room)
  const bySize = needs.map((need, i) => ({ need, i })).sort((a, b) => a.need - b.need)
  bySize.forEach(({ need, i }, n) => {
    shares[i] = Math.min(need, Math.floor(left / (bySize.length - n)))
    left -= shares[i]
  })
  return shares
}

function rowsWithin(rows: readonly string[], room: number): number {
  let used = 0
  let kept = 0
  while (kept < rows.length && used + rows[kept].length + 1 <= room) {
    used += rows[kept].length + 1
    kept += 1
  }
  return kept
}

function renderLinks(links: IssueLinks): string {
  const items = [`- ${link('Workflow run', links.runUrl)}`]
  if (links.s3Uri !== undefined) items.push(`- Report in S3: ${inlineCode(links.s3Uri)}`)
  if (links.artifactName !== undefined) {
    const name =
      links.artifactUrl !== undefined
        ? link(links.artifactName, links.artifactUrl)
        : inlineCode(links.artifactName)
    items.push(`- Artifact: ${name}`)
  }
  return ['### Full report', '', ...items].join('\n')
}

function whereTheFullListIs(links: IssueLinks): string {
  if (links.artifactName !== undefined) return `the artifact ${codeSpan(links.artifactName)}`
  if (links.s3Uri !== undefined) return codeSpan(links.s3Uri)
  return 'the workflow run'
}

function userCells(user: UserRecord): string[] {
  return [codeSpan(user.account_id), codeSpan(user.account_name), codeSpan(user.user_name)]
}

function created(user: UserRecord): string {
  return codeSpan(user.create_date)
}

function adminCell(user: UserRecord): string {
  return user.is_admin ? `**yes**: ${codeSpan(user.admin_reason)}` : 'no'
}

/** Every policy that reaches the user, by the path it takes. */
function policies(user: UserRecord): string {
  const parts = [
    ['managed', user.managed_policies],
    ['inline', user.inline_policies],
    ['group managed', user.group_managed_policies],
    ['group inline', user.group_inline_policies]
  ] as const
  const listed = parts.filter(([, names]) => names.length > 0)
  if (listed.length === 0) return 'none'
  return listed.map(([kind, names]) => `${kind}: ${codeList(names)}`).join('<br>')
}

function joinedLength(parts: readonly string[]): number {
  return parts.reduce((sum, part) => sum + part.length + 2, 0)
}
