import type { IAMClient } from '@aws-sdk/client-iam'
import { readManagedPolicyDocuments, type ManagedPolicyDocument } from '../aws/iam.js'
import { AwsQueryError, describeError } from '../errors.js'
import type { AutoMode } from '../inputs.js'

// A report references tens to a few hundred AWS managed policies; IAM's API throttles early.
const CONCURRENCY = 4
// Policies named in the warning about unread ones; the rest are counted.
const NAMED = 5

interface ManagedPolicyDeps {
  readonly warn: (message: string) => void
  readonly log: (message: string) => void
  readonly sleep?: (ms: number) => Promise<void>
}

/**
 * Applies `escalation-analysis` to the AWS managed policies the report references (attached to a
 * user or a group, or a permissions boundary): `false` reads nothing (null), `auto` carries on
 * without them (one warning) when IAM refuses, `true` fails with the fix. Every AWS managed policy
 * among `arns` has an entry: its document, or why it is not known.
 */
export async function readAwsManagedPolicies(
  iam: Pick<IAMClient, 'send'>,
  arns: readonly string[],
  mode: AutoMode,
  deps: ManagedPolicyDeps
): Promise<ReadonlyMap<string, ManagedPolicyDocument> | null> {
  if (mode === 'false') return null
  const { documents, denied } = await readManagedPolicyDocuments(iam, arns, {
    concurrency: CONCURRENCY,
    log: deps.log,
    ...(deps.sleep ? { sleep: deps.sleep } : {})
  })
  if (denied !== undefined) {
    const partition = [...documents.keys()][0]?.split(':')[1] ?? 'aws'
    const grant = `iam:GetPolicy and iam:GetPolicyVersion on arn:${partition}:iam::aws:policy/*`
    if (mode === 'true')
      throw new AwsQueryError(
        `Could not read the documents of AWS managed policies (${describeError(denied)}): allow ${grant}, or set escalation-analysis: auto to carry on without judging escalation through them.`
      )
    deps.warn(
      `Escalation through AWS managed policies is not judged: IAM refused to read their documents (${describeError(denied)}). Allow ${grant}, or set escalation-analysis: false to silence this.`
    )
    return documents
  }
  const unread = [...documents].filter(
    (entry): entry is [string, { reason: string }] => 'reason' in entry[1]
  )
  if (unread.length > 0) deps.warn(describeUnread(unread))
  deps.log(`${documents.size - unread.length} AWS managed policy documents read`)
  return documents
}

/** One line however many there are: when IAM fails, it mostly fails the same way for each. */
function describeUnread(unread: readonly [string, { reason: string }][]): string {
  const named = unread
    .slice(0, NAMED)
    .map(([arn, { reason }]) => `${arn.replace(/^.*?:policy\//, '')} (${reason})`)
  const more = unread.length > NAMED ? `; and ${unread.length - NAMED} more` : ''
  const policies = unread.length === 1 ? 'policy' : 'policies'
  return `Escalation through ${unread.length} AWS managed ${policies} is not judged (document not read): ${named.join('; ')}${more}.`
}
