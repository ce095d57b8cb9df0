import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import {
  AuthError,
  describeError,
  errorMessage,
  hasCode,
  isAccessDenied,
  isRetryable
} from '../errors.js'
import { withRetry, type RetryOptions } from '../retry.js'
import { renewingCredentials } from './renewing-credentials.js'

export interface WebIdentityRequest {
  readonly region: string
  readonly roleArn: string
  readonly sessionName: string
  readonly durationSeconds: number
  readonly audience: string
}

export interface CredentialDeps {
  readonly getIdToken: (audience: string) => Promise<string>
  readonly setSecret: (secret: string) => void
  readonly log: (message: string) => void
  readonly sts?: Pick<STSClient, 'send'>
  readonly retry?: Partial<RetryOptions>
}

/** Throttling, IdP and 5xx errors retry; AccessDenied and an expired token never do. */
function isTransientStsError(error: unknown): boolean {
  if (isRetryable(error)) return true
  // IAM's key fetch from the token issuer can fail briefly; STS reports it as an invalid token.
  return (
    hasCode(error, 'InvalidIdentityToken', 'InvalidIdentityTokenException') &&
    /verification key/i.test(errorMessage(error))
  )
}

/**
 * An STS client that leaves retrying to withRetry, so each attempt is logged. Without
 * `credentials` it signs with the SDK's default chain.
 */
export function createStsClient(
  region: string,
  credentials?: AwsCredentialIdentityProvider
): STSClient {
  return new STSClient({ region, maxAttempts: 1, ...(credentials ? { credentials } : {}) })
}

/**
 * The role's credentials for the whole run: a new OIDC token and AssumeRoleWithWebIdentity each
 * time a session nears its end (GitHub issues tokens for as long as the job runs).
 */
export function webIdentityCredentials(
  request: WebIdentityRequest,
  deps: CredentialDeps
): AwsCredentialIdentityProvider {
  let sessions = 0
  return renewingCredentials(async () => {
    const credentials = await assumeRoleWithOidc(request, deps)
    if (sessions++ > 0)
      deps.log(
        `Renewed the session of ${request.roleArn} (until ${credentials.expiration?.toISOString() ?? 'no end'})`
      )
    return credentials
  })
}

/** OIDC token → STS AssumeRoleWithWebIdentity; the returned credentials are masked in the log. */
export async function assumeRoleWithOidc(
  request: WebIdentityRequest,
  deps: CredentialDeps
): Promise<AwsCredentialIdentity> {
  const retry = {
    maxAttempts: 6,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    log: deps.log,
    ...deps.retry
  }
  let token: string
  try {
    token = await withRetry(() => deps.getIdToken(request.audience), {
      ...retry,
      label: 'GetIDToken',
      shouldRetry: () => true
    })
  } catch (error) {
    throw new AuthError(
      `Could not get the OIDC token for audience '${request.audience}': ${errorMessage(error)}`
    )
  }
  deps.setSecret(token)

  const sts = deps.sts ?? createStsClient(request.region)
  try {
    const result = await withRetry(
      () =>
        sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: request.roleArn,
            RoleSessionName: request.sessionName,
            DurationSeconds: request.durationSeconds,
            WebIdentityToken: token
          })
        ),
      { ...retry, label: 'AssumeRoleWithWebIdentity', shouldRetry: isTransientStsError }
    )
    const credentials = toCredentialIdentity(result.Credentials, request.roleArn)
    deps.setSecret(credentials.accessKeyId)
    deps.setSecret(credentials.secretAccessKey)
    deps.setSecret(credentials.sessionToken!)
    return credentials
  } catch (error) {
    if (error instanceof AuthError) throw error
    if (isAccessDenied(error)) {
      throw new AuthError(
        `Not allowed to assume ${request.roleArn} with this workflow's OIDC token: check the role's trust policy — its token.actions.githubusercontent.com:sub condition must match this repository and ref (repo:OWNER/REPO:ref:refs/heads/BRANCH, or the immutable repo:OWNER@OWNERID/REPO@REPOID form), and :aud must be '${request.audience}'.`
      )
    }
    throw new AuthError(
      `Could not assume role ${request.roleArn} with OIDC: ${describeError(error)}`
    )
  }
}

const MEMBER_SESSION_NAME = 'iam-user-report'
// The shortest session STS grants: the member role only reads one report, and a slow one renews.
const MEMBER_SESSION_SECONDS = 900

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
            RoleSessionName: MEMBER_SESSION_NAME,
            DurationSeconds: MEMBER_SESSION_SECONDS
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

/** STS's credentials as the SDK's identity; an answer without all three parts is an error. */
export function toCredentialIdentity(
  c:
    | { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
    | undefined,
  roleArn: string
): AwsCredentialIdentity {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new AuthError(`STS returned no credentials for ${roleArn}`)
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration
  }
}
