import * as core from '@actions/core'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { AwsClients } from '../aws/clients.js'
import { collectIamItems } from '../collect/collect-iam-items.js'
import type { Step } from './deliver.js'
import type { Inputs } from '../inputs.js'
import { buildReport } from '../report/build-report.js'
import type { SummaryStats } from '../report/markdown/summary.js'
import type { Report } from '../report/types.js'

/**
 * Collection, account names, privileges and (when on) credential reports. The Config items are
 * dropped when this returns: only the report and the figures for the summary live on.
 */
export async function collectReport(
  inputs: Inputs,
  aws: AwsClients,
  credentials: AwsCredentialIdentity | undefined,
  step: Step
): Promise<{ report: Report; stats: SummaryStats }> {
  const source = inputs.aggregatorName ? `aggregator '${inputs.aggregatorName}'` : 'this account'
  const collected = await step(
    `Collect IAM users, groups and policies from AWS Config (${source}, ${inputs.awsRegion})`,
    () =>
      collectIamItems(
        aws.config,
        { aggregatorName: inputs.aggregatorName, region: inputs.awsRegion },
        core.info,
        { maxConcurrency: inputs.maxConcurrency }
      )
  )
  const accountNames = await step('Look up account names in AWS Organizations', async () => {
    const { resolveAccountNames } = await import('../aws/organizations.js')
    const names = await resolveAccountNames(
      await aws.organizations(),
      inputs.accountNames,
      core.warning
    )
    if (names) core.info(`${names.size} account names`)
    return names
  })

  const built = buildReport({
    users: collected.users,
    groups: collected.groups,
    policies: collected.policies,
    accountNames: accountNames ?? new Map(),
    aggregator: inputs.aggregatorName || null,
    region: inputs.awsRegion,
    now: new Date()
  })
  const warnings = [...collected.warnings, ...built.warnings]
  for (const warning of warnings) core.warning(warning)
  const stats: SummaryStats = {
    pages: collected.pages,
    deletedItems: collected.deletedCount,
    missingGroups: built.missingGroups.length,
    warnings,
    accountNamesAvailable: accountNames !== null || inputs.accountNames === 'false'
  }
  if (!inputs.memberRoleName) return { report: built.report, stats }
  const report = await step(
    `Read IAM credential reports through role '${inputs.memberRoleName}'`,
    async () => {
      const { addCredentialReports } = await import('./credential-reports.js')
      return addCredentialReports(built.report, {
        roleName: inputs.memberRoleName,
        staleDays: inputs.staleDays,
        region: inputs.awsRegion,
        credentials,
        warn: core.warning,
        log: core.info
      })
    }
  )
  return { report, stats }
}
