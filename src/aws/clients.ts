import { ConfigServiceClient } from '@aws-sdk/client-config-service'
import type { OrganizationsClient } from '@aws-sdk/client-organizations'
import type { S3Client } from '@aws-sdk/client-s3'
import type { AwsCredentialIdentity } from '@smithy/types'
import { AuthError, errorMessage } from '../errors.js'

export interface AwsClients {
  readonly config: ConfigServiceClient
  // Loaded on first use: they are needed only after collection, and compiling their SDK packages
  // up front held the first Config request back.
  organizations(): Promise<OrganizationsClient>
  s3(): Promise<S3Client>
}

// Config throttles without a published rate; with a third of requests throttled the SDK's default
// 3 attempts fail a 26-page run about half the time, so the Config client retries much longer.
const CONFIG_MAX_ATTEMPTS = 12

/**
 * Clients for this action only. Endpoints come from the SDK's standard variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>), credentials from OIDC or the default chain.
 */
export function createAwsClients(opts: {
  region: string
  s3Region: string
  credentials: AwsCredentialIdentity | undefined
}): AwsClients {
  const common = opts.credentials ? { credentials: opts.credentials } : {}
  let organizations: Promise<OrganizationsClient> | undefined
  let s3: Promise<S3Client> | undefined
  return {
    config: new ConfigServiceClient({
      region: opts.region,
      maxAttempts: CONFIG_MAX_ATTEMPTS,
      ...common
    }),
    organizations: () =>
      (organizations ??= import('@aws-sdk/client-organizations').then(
        sdk => new sdk.OrganizationsClient({ region: opts.region, maxAttempts: 6, ...common })
      )),
    s3: () =>
      (s3 ??= import('@aws-sdk/client-s3').then(
        sdk => new sdk.S3Client({ region: opts.s3Region || opts.region, maxAttempts: 6, ...common })
      ))
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
