import * as core from '@actions/core'
import type { Collected } from '../collect/collect-iam-items.js'
import type { Inputs } from '../inputs.js'
import { assessCoverage, type Coverage, type OrgAccount } from '../report/coverage.js'
import type { Report } from '../report/types.js'

const LISTED = 10

/**
 * Which ACTIVE accounts of the organization the aggregator holds no IAM data for (one warning),
 * and which had users at the baseline and have none now. Only an aggregator covers an
 * organization: one account's Config says nothing of the others.
 */
export function checkCoverage(
  collected: Collected,
  organization: readonly OrgAccount[] | null,
  baseline: Report | null,
  inputs: Inputs
): Coverage {
  const coverage = assessCoverage(
    collected.coveredAccounts,
    inputs.aggregatorName ? organization : null,
    baseline
  )
  const uncovered = coverage.uncovered ?? []
  if (uncovered.length > 0) {
    core.warning(
      `${uncovered.length} ACTIVE account(s) of the organization have no IAM data in the aggregator (${listed(uncovered.map(a => a.id))}): their users cannot be reported. The job summary gives the likely cause of each.`
    )
  }
  return coverage
}

/** The step's failure when accounts lost their data: latest.* must not move past it. */
export function lostDataFailure(coverage: Coverage): string | undefined {
  if (coverage.lost.length === 0) return undefined
  const users = coverage.lost.reduce((sum, a) => sum + a.baselineUsers, 0)
  return (
    `no IAM data this month for ${coverage.lost.length} account(s) that had ${users} user(s) at the last report (${listed(coverage.lost.map(a => a.id))}): ` +
    "their users are not reported as removed, and latest.* stays so the next run compares with the same baseline. Check the aggregator's source status (aws configservice describe-configuration-aggregator-sources-status) and that those accounts' Config recorders record IAM resources"
  )
}

function listed(ids: readonly string[]): string {
  const more = ids.length - LISTED
  return `${ids.slice(0, LISTED).join(', ')}${more > 0 ? ` and ${more} more` : ''}`
}
