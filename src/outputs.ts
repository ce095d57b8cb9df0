import * as core from '@actions/core'
import type { BaselineResult } from './steps/baseline.js'
import type { Delivered } from './steps/deliver.js'
import type { LocalFiles } from './steps/local-files.js'
import type { Coverage } from './report/coverage.js'
import type { Report, ReportDiff } from './report/types.js'

/** Every output action.yml declares, in its order; the contract test keeps the two equal. */
export const OUTPUT_NAMES = [
  'user-count',
  'account-count',
  'admin-count',
  'new-user-count',
  'removed-user-count',
  'changed-user-count',
  'report-file',
  'report-json-file',
  's3-uri',
  'artifact-id',
  'issue-number',
  'issue-url',
  'skipped',
  'stale-user-count',
  'console-without-mfa-count',
  'uncovered-account-count',
  'escalation-count'
] as const

export type OutputName = (typeof OUTPUT_NAMES)[number]
export type Outputs = Record<OutputName, string>

export interface RunResult {
  readonly report: Report
  readonly diff: ReportDiff
  readonly files: LocalFiles
  readonly baseline: BaselineResult
  readonly coverage: Coverage
  readonly delivered: Delivered
}

/** The outputs of a run that produced a report; an empty value means "not known" or "none". */
export function reportOutputs(run: RunResult): Outputs {
  const { report, diff, files, baseline, coverage, delivered } = run
  const users = report.users
  // An unreachable baseline leaves the diff unknown: empty, not 0 (0 is a first report's).
  const diffCount = (n: number): string => (baseline.failure ? '' : String(n))
  const enriched = report.credentialReports !== undefined
  const count = (keep: (u: (typeof users)[number]) => boolean): string =>
    String(users.filter(keep).length)
  return {
    'user-count': String(users.length),
    'account-count': String(new Set(users.map(u => u.account_id)).size),
    'admin-count': count(u => u.is_admin),
    'new-user-count': diffCount(diff.added.length),
    'removed-user-count': diffCount(diff.removed.length),
    'changed-user-count': diffCount(diff.changed.length),
    'report-file': files.csv,
    'report-json-file': files.json,
    's3-uri': delivered.s3Uri ?? '',
    'artifact-id': delivered.artifactId === undefined ? '' : String(delivered.artifactId),
    'issue-number': delivered.issue === undefined ? '' : String(delivered.issue.number),
    'issue-url': delivered.issue?.url ?? '',
    skipped: 'false',
    'stale-user-count': enriched ? count(u => u.enrichment?.stale === true) : '',
    'console-without-mfa-count': enriched
      ? count(u => u.enrichment?.console_without_mfa === true)
      : '',
    // Empty when Organizations could not be read, or for one account's Config.
    'uncovered-account-count': coverage.uncovered === null ? '' : String(coverage.uncovered.length),
    // Not judged yet: the report has no can_escalate column until escalation is wired into it.
    'escalation-count': ''
  }
}

/** A skipped run sets `skipped` alone. */
export const SKIPPED_OUTPUTS: Partial<Outputs> = { skipped: 'true' }

/** The one place outputs are set. */
export function setOutputs(outputs: Partial<Outputs>): void {
  for (const name of OUTPUT_NAMES) {
    const value = outputs[name]
    if (value !== undefined) core.setOutput(name, value)
  }
}
