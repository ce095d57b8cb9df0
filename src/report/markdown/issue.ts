import { becameAdmin } from '../diff.js'
import {
  codeList,
  codeSpan,
  escapeText,
  formatCount,
  formatDay,
  inlineCode,
  link,
  plural,
  shorten
} from './markdown.js'
import { fitTables, joinedSize, tableSection } from './tables.js'
import {
  USER_COLUMNS,
  changedCells,
  credentialTables,
  describeChange,
  newOrRemovedCells,
  userCells
} from './user-rows.js'
import type { Coverage } from '../coverage.js'
import type { Report, ReportDiff, UserRecord } from '../types.js'
import { lostAccountsTable } from './coverage-tables.js'

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
  /** Accounts that lost their IAM data since the baseline: listed, their users not "removed". */
  readonly coverage?: Coverage
}

/** GitHub rejects an issue body longer than this. */
export const ISSUE_BODY_LIMIT = 65_536
/** What the body is planned to; the margin covers any difference in how GitHub counts characters. */
const ISSUE_BODY_BUDGET = 60_000

/** The issue puts admins in bold: among the changes they are what a reader must not miss. */
const BOLD_YES = '**yes**'

const MARKER_PATTERN = /^<!-- iam-user-report baseline=([0-9A-Za-z:.+-]*) -->$/

/**
 * The hidden comment that ties an issue to one baseline. Only timestamp characters are kept, so
 * a tampered baseline cannot close the comment early.
 */
export function issueMarker(baselineGeneratedAt: string): string {
  return `<!-- iam-user-report baseline=${baselineGeneratedAt.replace(/[^0-9A-Za-z:.+-]/g, '')} -->`
}

/** The baseline `generatedAt` recorded in an issue body, or null when it carries no marker. */
export function findMarker(body: string): string | null {
  return MARKER_PATTERN.exec(firstLine(body))?.[1] ?? null
}

/** Whether the body is the issue of this marker's baseline: the marker is its first line. */
export function hasMarker(body: string, marker: string): boolean {
  return firstLine(body) === marker
}

/**
 * Only the first line counts (SPEC 10): a marker quoted further down, in an issue someone else
 * wrote, must not make the report update that issue.
 */
function firstLine(body: string): string {
  return body.split(/\r?\n/, 1)[0].trim()
}

/** The issue for a non-empty diff against a baseline; a first report opens none. */
export function renderIssue(input: IssueInput): { title: string; body: string } {
  const { diff, links, marker } = input
  if (diff.baselineGeneratedAt === null) {
    throw new Error('An issue needs a baseline to compare with; a first report opens none.')
  }
  const since = formatDay(diff.baselineGeneratedAt)
  // A title is plain text, but a baseline that is not a date must not stretch it over lines.
  const titleSince = shorten(since.replace(/\s+/g, ' '), 30)
  const title = `IAM users: ${diff.added.length} new, ${diff.removed.length} removed since ${titleSince}`
  const promoted = diff.changed.filter(becameAdmin)
  const sections = [
    tableSection('New users', [...USER_COLUMNS, 'Created', 'Admin', 'Policies'], diff.added, u => [
      ...newOrRemovedCells(u, BOLD_YES),
      policies(u)
    ]),
    tableSection(
      'Users that became admin',
      [...USER_COLUMNS, 'Admin because', 'What changed'],
      promoted,
      c => [...userCells(c.after), codeSpan(c.after.admin_reason), describeChange(c)]
    ),
    tableSection('Removed users', [...USER_COLUMNS, 'Created', 'Was admin'], diff.removed, u =>
      newOrRemovedCells(u, BOLD_YES)
    ),
    lostAccountsTable(input.coverage),
    tableSection(
      promoted.length > 0 ? 'Other changed users' : 'Changed users',
      [...USER_COLUMNS, 'What changed'],
      diff.changed.filter(c => !becameAdmin(c)),
      changedCells
    ),
    ...credentialTables(input.report)
  ].filter(s => s.total > 0)

  const lead = renderLead(input, since, promoted.length)
  const tail = renderLinks(links)
  const room = ISSUE_BODY_BUDGET - joinedSize([marker, lead, tail], characters)
  const rendered = fitTables(sections, room, characters, `\u2014 see ${whereTheFullListIs(links)}`)
  return { title, body: `${[marker, lead, ...rendered, tail].join('\n\n')}\n` }
}

function renderLead(
  { diff, report, coverage }: IssueInput,
  since: string,
  promoted: number
): string {
  const newAdmins = diff.added.filter(u => u.is_admin).length
  const accounts = new Set(report.users.map(u => u.account_id)).size
  const lost = coverage?.lost.length ?? 0
  const noData =
    lost === 0
      ? ''
      : ` ${plural(lost, 'account')} had no IAM data this month: their users are not counted as removed.`
  return (
    `Since the report of ${escapeText(since)}: **${formatCount(diff.added.length)}** new ` +
    `(${formatCount(newAdmins)} admin), **${formatCount(diff.removed.length)}** removed, ` +
    `**${formatCount(diff.changed.length)}** changed (${formatCount(promoted)} became admin). ` +
    `Report of ${escapeText(formatDay(report.generatedAt))}: ${plural(report.users.length, 'user')} ` +
    `in ${plural(accounts, 'account')}.${noData}`
  )
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

/** GitHub counts an issue body in characters. */
function characters(text: string): number {
  return text.length
}
