import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations'
import { AwsQueryError, describeError, hasCode, isAccessDenied } from '../errors.js'
import type { AccountNamesMode } from '../inputs.js'

/** "This role may not list accounts", which `account-names: auto` tolerates. */
const isNamesUnavailable = (error: unknown): boolean =>
  isAccessDenied(error) || hasCode(error, 'AWSOrganizationsNotInUseException')

/** Account id → name, every page (a page can be empty while NextToken is still set). */
async function listAccountNames(
  client: Pick<OrganizationsClient, 'send'>
): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  let nextToken: string | undefined
  do {
    const page = await client.send(
      new ListAccountsCommand({ MaxResults: 20, NextToken: nextToken })
    )
    for (const account of page.Accounts ?? []) {
      if (account.Id) names.set(account.Id, account.Name ?? '')
    }
    nextToken = page.NextToken || undefined
  } while (nextToken)
  return names
}

/**
 * Applies `account-names`: `false` asks nothing, `auto` carries on without names (one warning)
 * when Organizations is off-limits, `true` fails with the fix.
 */
export async function resolveAccountNames(
  client: Pick<OrganizationsClient, 'send'>,
  mode: AccountNamesMode,
  warn: (message: string) => void
): Promise<Map<string, string> | null> {
  if (mode === 'false') return null
  try {
    return await listAccountNames(client)
  } catch (error) {
    const detail = describeError(error)
    if (mode === 'auto' && isNamesUnavailable(error)) {
      warn(
        `Account names are left empty: Organizations ListAccounts was refused (${detail}). Run from the management or a delegated administrator account with organizations:ListAccounts, or set account-names: false to silence this.`
      )
      return null
    }
    throw new AwsQueryError(
      `Could not list the organization's accounts (${detail}): allow organizations:ListAccounts in the management or a delegated administrator account, or set account-names: auto or false.`
    )
  }
}
