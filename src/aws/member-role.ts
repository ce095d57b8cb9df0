import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import { AuthError, describeError, isAccessDenied } from '../errors.js'
import { withRetry } from '../retry.js'
import { isTransientStsError, toCredentialIdentity } from './sts.js'

const SESSION_NAME = 'iam-user-report'
// The shortest session STS grants: the member role only reads one report, well inside it.
const SESSION_SECONDS = 900

/**
 * AssumeRole of a member account's role from the action's credentials. Throttling and 5xx are
 * retried; AccessDenied (which STS also answers for a role that does not exist) is not.
 */
export async function assumeMemberRole(
  sts: Pick<STSClient, 'send'>,
  roleArn: string,
  retry: { sleep: (ms: number) => Promise<void>; log?: (message: string) => void }
): Promise<AwsCredentialIdentity> {
  try {
    const { Credentials: c } = await withRetry(
      () =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: SESSION_NAME,
            DurationSeconds: SESSION_SECONDS
          })
        ),
      {
        label: `AssumeRole ${roleArn}`,
        maxAttempts: 4,
        baseDelayMs: 500,
        maxDelayMs: 4_000,
        shouldRetry: isTransientStsError,
        ...retry
      }
    )
    return toCredentialIdentity(c, roleArn)
  } catch (error) {
    if (error instanceof AuthError) throw error
    if (isAccessDenied(error))
      throw new AuthError(
        `role ${roleArn} cannot be assumed: deploy the member role (StackSet) and trust the reporting role`
      )
    throw new AuthError(`role ${roleArn} could not be assumed: ${describeError(error)}`)
  }
}
