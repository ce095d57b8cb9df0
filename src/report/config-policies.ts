// Policy fields of Config items: attached managed policies, inline policies, policy versions.
import { NO_ENTRIES, asList, isJsonObject, readText, type JsonObject } from './config-fields.js'
import { isAdminDocument } from './admin.js'
import { decodePolicyDocument } from './policy-document.js'
import type { AttachedPolicy, InlinePolicy } from './types.js'

/** Receives one message per policy document that could not be decoded. */
export type WarningSink = (message: string) => void

export function readAttachedPolicies(value: unknown): readonly AttachedPolicy[] {
  const list = asList(value)
  if (list.length === 0) return NO_ENTRIES
  return list.filter(isJsonObject).map(policy => {
    const arn = readText(policy.policyArn)
    return { name: readText(policy.policyName) || (arn.split('/').pop() ?? ''), arn }
  })
}

/** `owner` names the user, group or policy for a warning; only built when one is raised. */
export type Owner = () => string

/**
 * Each document is judged here and dropped: 100,000 users' decoded documents kept until the
 * privileges are worked out made the garbage collector copy them all.
 */
export function readInlinePolicies(
  value: unknown,
  owner: Owner,
  onWarning: WarningSink
): readonly InlinePolicy[] {
  const list = asList(value)
  if (list.length === 0) return NO_ENTRIES
  return list.filter(isJsonObject).map(policy => {
    const name = readText(policy.policyName)
    const document = decodePolicyDocument(policy.policyDocument)
    if (document === undefined) {
      onWarning(
        `Could not decode inline policy '${name}' of ${owner()}: it is listed in the report but not checked for admin rights.`
      )
    }
    return { name, grantsAdmin: document !== undefined && isAdminDocument(document) }
  })
}

/** Whether the default version's document makes an administrator. */
export function readDefaultGrantsAdmin(
  configuration: JsonObject,
  owner: Owner,
  onWarning: WarningSink
): boolean {
  const versions = asList(configuration.policyVersionList).filter(isJsonObject)
  const defaultVersionId = readText(configuration.defaultVersionId)
  const version =
    versions.find(v => v.isDefaultVersion === true || v.isDefaultVersion === 'true') ??
    versions.find(v => defaultVersionId !== '' && readText(v.versionId) === defaultVersionId)
  const document = version === undefined ? undefined : decodePolicyDocument(version.document)
  if (document === undefined) {
    const problem =
      version === undefined
        ? 'has no default version in AWS Config'
        : 'has a default version that could not be decoded'
    onWarning(`The ${owner()} ${problem}: it is not checked for admin rights.`)
    return false
  }
  return isAdminDocument(document)
}
