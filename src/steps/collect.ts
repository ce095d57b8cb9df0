import * as core from '@actions/core'
import { info } from '../log.js'
import type { AwsClients } from '../aws/clients.js'
import { listOrganizationAccounts } from '../aws/organizations.js'
import { collectIamItems, type Collected } from '../collect/collect-iam-items.js'
import type { Inputs } from '../inputs.js'
import type { BuiltReport } from '../report/build-report.js'
import type { OrgAccount } from '../report/coverage.js'
import type { SummaryStats } from '../report/markdown/summary.js'

export function collectTitle(inputs: Inputs): string {
  const source = inputs.aggregatorName ? `aggregator '${inputs.aggregatorName}'` : 'this account'
  return `Collect IAM users, groups and policies from AWS Config (${source}, ${inputs.awsRegion})`
}

/** Users, groups and customer managed policies, every page, one item per resource. */
export function collectItems(aws: AwsClients, inputs: Inputs): Promise<Collected> {
  return collectIamItems(
    aws.config,
    { aggregatorName: inputs.aggregatorName, region: inputs.awsRegion },
    info,
    { maxConcurrency: inputs.maxConcurrency }
  )
}

/** The organization's accounts, or null when `account-names` is off or Organizations refused. */
export async function lookUpAccounts(
  aws: AwsClients,
  inputs: Inputs
): Promise<readonly OrgAccount[] | null> {
  const accounts = await listOrganizationAccounts(
    aws.organizations,
    inputs.accountNames,
    core.warning
  )
  if (accounts) info(`${accounts.length} accounts in the organization`)
  return accounts
}

/** Prints the collection's and the build's warnings once, and gathers the figures the summary shows. */
export function reportWarnings(
  collected: Collected,
  built: BuiltReport,
  organization: readonly OrgAccount[] | null,
  inputs: Inputs
): SummaryStats {
  const warnings = [...collected.warnings, ...built.warnings]
  for (const warning of warnings) core.warning(warning)
  return {
    pages: collected.pages,
    deletedItems: collected.deletedCount,
    missingGroups: built.missingGroups.length,
    warnings,
    accountNamesAvailable: organization !== null || inputs.accountNames === 'false'
  }
}
