import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import {
  AuthError,
  describeError,
  errorCode,
  errorMessage,
  httpStatus,
  isAccessDenied
} from '../errors.js'
import { withRetry, type RetryOptions } from '../retry.js'

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
  readonly env?: NodeJS.ProcessEnv
}

// The SDK names these with an `Exception` suffix where the model does; AccessDenied never retries.
const TRANSIENT_CODES = new Set([
  'IDPCommunicationErrorException',
  'IDPCommunicationError',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalFailure',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT'
])

export function isTransientStsError(error: unknown): boolean {
  const code = errorCode(error)
  if (TRANSIENT_CODES.has(code)) return true
  // IAM's key fetch from the token issuer can fail briefly; STS reports it as an invalid token.
  if (code.startsWith('InvalidIdentityToken') && /verification key/i.test(errorMessage(error)))
    return true
  const status = httpStatus(error)
  return status !== undefined && status >= 500
}

/** OIDC token → STS AssumeRoleWithWebIdentity; the returned credentials are masked in the log. */
export async function assumeRoleWithOidc(
  request: WebIdentityRequest,
  deps: CredentialDeps
): Promise<AwsCredentialIdentity> {
  const env = deps.env ?? process.env
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new AuthError(
      'No OIDC token is available to this job: add `permissions: id-token: write` to the workflow or job (role-to-assume needs it).'
    )
  }
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

  const sts = deps.sts ?? new STSClient({ region: request.region, maxAttempts: 1 })
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
        `Not allowed to assume ${request.roleArn} with this workflow's OIDC token: check the role's trust policy — its token.actions.githubusercontent.com:sub condition must match this repository and ref (repo:OWNER/REPO:ref:refs/heads/BRANCH, or the immutable repo:OWNER@ORGID/REPO@REPOID form), and :aud must be '${request.audience}'.`
      )
    }
    throw new AuthError(
      `Could not assume role ${request.roleArn} with OIDC: ${describeError(error)}`
    )
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
