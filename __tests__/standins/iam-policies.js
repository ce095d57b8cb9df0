// AWS managed policies for the IAM stand-in: GetPolicy and GetPolicyVersion answered from the
// recorded policies in __tests__/fixtures/aws-managed-policies/, documents URL-encoded as IAM
// sends them. Only each policy's default version is recorded; any other version does not exist.
import { readdirSync, readFileSync } from 'node:fs'
import { xmlEscape } from './http-util.js'

const FIXTURES = new URL('../fixtures/aws-managed-policies/', import.meta.url)
// The stand-in does not know who signed; IAM's AccessDenied names the caller, here the session of
// the reporting role startStandins trusts by default.
const CALLER = 'arn:aws:sts::111111111111:assumed-role/iam-user-report/iam-user-report'

/**
 * @typedef {{ Policy: Record<string, unknown>, PolicyVersion: Record<string, unknown> }} ManagedPolicy
 * @typedef {{ result: string } | { error: [status: number, code: string, message: string] }} PolicyAnswer
 */

/** @returns {Map<string, ManagedPolicy>} the recorded policies by ARN */
export function loadManagedPolicies() {
  const policies = new Map()
  for (const file of readdirSync(FIXTURES).filter(f => f.endsWith('.json'))) {
    /** @type {ManagedPolicy} */
    const policy = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'))
    policies.set(String(policy.Policy.Arn), policy)
  }
  return policies
}

/**
 * RFC 3986 percent-encoding, as IAM sends documents: `encodeURIComponent` leaves `!'()*` as they
 * are, and IAM does not, so `"Action": "*"` arrives as `%22Action%22%3A%20%22%2A%22`.
 * @param {unknown} document
 */
export function encodePolicyDocument(document) {
  return encodeURIComponent(JSON.stringify(document, null, 4)).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/** @param {Record<string, unknown>} record scalar fields as XML elements, in their order */
const elements = record =>
  Object.entries(record)
    .map(([key, value]) => `<${key}>${xmlEscape(value)}</${key}>`)
    .join('')

/** @param {string} message @returns {PolicyAnswer} */
const noSuchEntity = message => ({ error: [404, 'NoSuchEntity', message] })

/**
 * The `<Action>Result` body of a GetPolicy or GetPolicyVersion request, or IAM's error.
 * @param {Map<string, ManagedPolicy>} policies
 * @param {Record<string, string>} params the form-encoded request
 * @param {boolean} denied the caller may not read policies
 * @returns {PolicyAnswer}
 */
export function answerPolicyRead(policies, params, denied) {
  const { Action: action, PolicyArn: arn } = params
  if (denied)
    return {
      error: [
        403,
        'AccessDenied',
        `User: ${CALLER} is not authorized to perform: iam:${action} on resource: policy ${arn} because no identity-based policy allows the iam:${action} action`
      ]
    }
  const policy = policies.get(arn)
  if (!policy) return noSuchEntity(`Policy ${arn} does not exist or is not attachable.`)
  if (action === 'GetPolicy') return { result: `<Policy>${elements(policy.Policy)}</Policy>` }
  const version = policy.PolicyVersion
  if (params.VersionId !== version.VersionId)
    return noSuchEntity(
      `Policy ${arn} version ${params.VersionId} does not exist or is not attachable.`
    )
  const encoded = { ...version, Document: encodePolicyDocument(version.Document) }
  return { result: `<PolicyVersion>${elements(encoded)}</PolicyVersion>` }
}
