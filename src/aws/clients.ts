import { ConfigServiceClient } from '@aws-sdk/client-config-service'
import { IAMClient } from '@aws-sdk/client-iam'
import { OrganizationsClient } from '@aws-sdk/client-organizations'
import { S3Client } from '@aws-sdk/client-s3'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { AuthError, errorMessage } from '../errors.js'

export interface AwsClients {
  readonly config: ConfigServiceClient
  readonly organizations: OrganizationsClient
  readonly s3: S3Client
  /** AWS managed policy documents; retried by its adapter, which logs each attempt. */
  readonly iam: IAMClient
  /** The action's own credentials, renewed before they end; undefined: the SDK's default chain. */
  readonly credentials: AwsCredentialIdentityProvider | undefined
  readonly region: string
}

// Config throttles without a published rate; with a third of requests throttled the SDK's default
// 3 attempts fail a 26-page run about half the time, so the Config client retries much longer.
const CONFIG_MAX_ATTEMPTS = 12
const MAX_ATTEMPTS = 6

/**
 * Clients for this action only. Endpoints come from the SDK's standard variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>), credentials from OIDC or the default chain.
 */
export function createAwsClients(opts: {
  region: string
  s3Region: string
  credentials: AwsCredentialIdentityProvider | undefined
}): AwsClients {
  const common = {
    region: opts.region,
    ...(opts.credentials ? { credentials: opts.credentials } : {})
  }
  return {
    config: new ConfigServiceClient({ ...common, maxAttempts: CONFIG_MAX_ATTEMPTS }),
    organizations: new OrganizationsClient({ ...common, maxAttempts: MAX_ATTEMPTS }),
    s3: new S3Client({
      ...common,
      region: opts.s3Region || opts.region,
      maxAttempts: MAX_ATTEMPTS
    }),
    // IAM is global: the region only selects its partition's one endpoint and signing region
    // (us-east-1 in aws, cn-north-1 in aws-cn, us-gov-west-1 in aws-us-gov).
    iam: new IAMClient({ ...common, maxAttempts: 1 }),
    credentials: opts.credentials,
    region: opts.region
  }
}

/** Fails early, with the fix, when neither role-to-assume nor ambient credentials are there. */
export async function checkDefaultCredentials(client: ConfigServiceClient): Promise<void> {
  try {
    await client.config.credentials()
  } catch (error) {
    throw new AuthError(
      `No AWS credentials found (${errorMessage(error)}): set role-to-assume, or configure credentials in an earlier step (for example aws-actions/configure-aws-credentials).`
    )
  }
}
