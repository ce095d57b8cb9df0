import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient
} from '@aws-sdk/client-iam'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { mapConcurrently } from '../concurrency.js'
import { describeError, errorCode, isAccessDenied, isRetryable } from '../errors.js'
import { isAdministratorAccessArn } from '../report/admin.js'
import { decodePolicyDocument } from '../report/policy-document.js'
import { withRetry } from '../retry.js'

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

/** One AWS managed policy: the document of its default version, or why it is not known. */
export type ManagedPolicyDocument = { readonly document: object } | { readonly reason: string }

interface ManagedPolicyDocuments {
  /** Every distinct AWS managed policy asked for, in ARN order. */
  readonly documents: ReadonlyMap<string, ManagedPolicyDocument>
  /** IAM's AccessDenied: reading stopped there, and each policy not read says so as its reason. */
  readonly denied?: unknown
}

interface ManagedPolicyOptions {
  /** Policies read at once. */
  readonly concurrency: number
  readonly log?: (message: string) => void
  readonly sleep?: (ms: number) => Promise<void>
}

// Partitions: aws, aws-cn, aws-us-gov, aws-iso…; customer managed policies name an account instead.
const AWS_MANAGED = /^arn:aws(-[a-z]+)*:iam::aws:policy\//
// AdministratorAccess has had one version, this one, since 2015: it is known without asking.
const ADMINISTRATOR_ACCESS_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }]
}

/**
 * Reads the default version's document of each distinct AWS managed policy among `arns` (other
 * ARNs are left out): `GetPolicy` for the version, then `GetPolicyVersion`, each retried on
 * throttling and 5xx. A policy IAM does not return is a reason; AccessDenied stops all reading.
 */
export async function readManagedPolicyDocuments(
  iam: Pick<IAMClient, 'send'>,
  arns: Iterable<string>,
  options: ManagedPolicyOptions
): Promise<ManagedPolicyDocuments> {
  const wanted = [...new Set(arns)].filter(arn => AWS_MANAGED.test(arn)).sort()
  const read = new Map<string, ManagedPolicyDocument>()
  let denied: unknown
  try {
    await mapConcurrently(
      wanted.filter(arn => !isAdministratorAccessArn(arn)),
      options.concurrency,
      async (arn, signal) => void read.set(arn, await readManagedPolicy(iam, arn, signal, options))
    )
  } catch (error) {
    if (!isAccessDenied(error)) throw error
    denied = error
  }
  const notRead: ManagedPolicyDocument = {
    reason: `not read: IAM refused iam:GetPolicy or iam:GetPolicyVersion (${errorCode(denied)})`
  }
  const documents = new Map(
    wanted.map(arn => [
      arn,
      isAdministratorAccessArn(arn)
        ? { document: ADMINISTRATOR_ACCESS_DOCUMENT }
        : (read.get(arn) ?? notRead)
    ])
  )
  return denied === undefined ? { documents } : { documents, denied }
}

async function readManagedPolicy(
  iam: Pick<IAMClient, 'send'>,
  arn: string,
  signal: AbortSignal,
  options: ManagedPolicyOptions
): Promise<ManagedPolicyDocument> {
  const retry = (label: string) => ({
    label: `${label} ${arn}`,
    maxAttempts: 6,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    // Once another policy was refused, nothing more is asked.
    shouldRetry: (error: unknown) => !signal.aborted && isRetryable(error),
    ...(options.log ? { log: options.log } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {})
  })
  try {
    const { Policy } = await withRetry(
      () => iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal: signal }),
      retry('GetPolicy')
    )
    const versionId = Policy?.DefaultVersionId
    if (!versionId) return { reason: 'IAM GetPolicy answered no DefaultVersionId' }
    const { PolicyVersion } = await withRetry(
      () =>
        iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), {
          abortSignal: signal
        }),
      retry('GetPolicyVersion')
    )
    const document = decodePolicyDocument(PolicyVersion?.Document)
    return document
      ? { document }
      : { reason: `the document of version ${versionId} is not URL-encoded JSON` }
  } catch (error) {
    if (isAccessDenied(error) || signal.aborted) throw error
    return { reason: describeError(error) }
  }
}
