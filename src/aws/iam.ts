import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient
} from '@aws-sdk/client-iam'
import type { AwsCredentialIdentityProvider } from '@smithy/types'

/** The two IAM calls the enrichment needs, for one member account. */
export interface CredentialReportApi {
  generate(): Promise<{ State?: string }>
  /** `Content` is the CSV; the SDK has already decoded IAM's base64. */
  get(): Promise<{ Content?: Uint8Array; GeneratedTime?: Date }>
  destroy?(): void
}

/**
 * The credential-report calls of one member account. IAM is global: the region only selects the
 * partition's endpoint and signing region. AWS_ENDPOINT_URL_IAM is honoured like every endpoint.
 */
export function createIamCredentialReportApi(
  region: string,
  credentials: AwsCredentialIdentityProvider
): CredentialReportApi {
  const iam = new IAMClient({ region, credentials, maxAttempts: 3 })
  return {
    generate: () => iam.send(new GenerateCredentialReportCommand({})),
    get: () => iam.send(new GetCredentialReportCommand({})),
    destroy: () => iam.destroy()
  }
}
