import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations'
import { AwsQueryError, describeError, hasCode, isAccessDenied } from '../errors.js'
import type { AccountNamesMode } from '../inputs.js'
import type { OrgAccount } from '../report/coverage.js'

/** "This role may not list accounts", which `account-names: auto` tolerates. */
const isNamesUnavailable = (error: unknown): boolean =>
  isAccessDenied(error) || hasCode(error, 'AWSOrganizationsNotInUseException')

/** Every account, every page (a page can be empty while NextToken is still set). */
async function listAccounts(client: Pick<OrganizationsClient, 'send'>): Promise<OrgAccount[]> {
  const accounts: OrgAccount[] = []
  let nextToken: string | undefined
  do {
    const page = await client.send(
      new ListAccountsCommand({ MaxResults: 20, NextToken: nextToken })
    )
    for (const account of page.Accounts ?? []) {
      if (account.Id) accounts.push({ id: account.Id, name: account.Name ?? '', state: account.State ?? '' })
    }
    nextToken = page.NextToken || undefined
  } while (nextToken)
  return accounts
}

/**
 * The organization's accounts, for their names and for coverage. Applies `account-names`:
 * `false` asks nothing, `auto` carries on without them (one warning) when Organizations is
 * off-limits, `true` fails with the fix.
 */
export async function listOrganizationAccounts(
  client: Pick<OrganizationsClient, 'send'>,
  mode: AccountNamesMode,
  warn: (message: string) => void
): Promise<OrgAccount[] | null> {
  if (mode === 'false') return null
  try {
    return await listAccounts(client)
  } catch (error) {
    const detail = describeError(error)
    if (mode === 'auto' && isNamesUnavailable(error)) {
      warn(
        `Account names are left empty, and accounts with no IAM data are not looked for: Organizations ListAccounts was refused (${detail}). Run from the management or a delegated administrator account with organizations:ListAccounts, or set account-names: false to silence this.`
      )
      return null
    }
    throw new AwsQueryError(
      `Could not list the organization's accounts (${detail}): allow organizations:ListAccounts in the management or a delegated administrator account, or set account-names: auto or false.`
    )
  }
}
