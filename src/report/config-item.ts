// Parses one AWS Config query result row (`Results[]`) into a domain item.
import {
  NO_ENTRIES,
  asList,
  isJsonObject,
  normaliseConfigTime,
  readTags,
  readText,
  type JsonObject
} from './config-fields.js'
import {
  readAttachedPolicies,
  readDefaultGrantsAdmin,
  readInlinePolicies,
  type WarningSink
} from './config-policies.js'
import { RESOURCE_TYPE_BY_KIND } from './resource-type.js'
import type { IamItem, ItemMeta } from './types.js'

/**
 * Fields the Config query selects. `SELECT *` returns only ten top-level fields and leaves out
 * `configuration` and `tags`, so every field is named.
 */
export const SELECT_FIELDS = [
  'accountId',
  'awsRegion',
  'resourceId',
  'resourceName',
  'resourceType',
  'arn',
  'resourceCreationTime',
  'configurationItemCaptureTime',
  'configuration',
  'tags'
] as const

// Config rule events report deletion through the status as well as `configuration: null`.
const DELETED_STATUSES = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded'])
const IAM_ARN = /^arn:[^:]+:iam::[^:]*:(user|group|policy)\//

/**
 * Never throws for an unreadable policy document (it grants nothing, and a warning says so); throws for a row that cannot be identified, because the report must not be silently
 * partial.
 */
export function parseConfigItem(row: string | object, onWarning: WarningSink): IamItem {
  const raw = parseRow(row)
  const configuration = parseConfiguration(raw)
  const meta = readMeta(raw, configuration)
  const resourceType = readResourceType(raw, configuration, meta)
  if (configuration === null || DELETED_STATUSES.has(readText(raw.configurationItemStatus))) {
    return { kind: 'deleted', ...meta, resourceType }
  }
  const arn = readText(configuration.arn) || readArn(raw)
  const name = (field: string): string =>
    readText(configuration[field]) || readText(raw.resourceName)
  switch (resourceType) {
    case RESOURCE_TYPE_BY_KIND.user: {
      const userName = name('userName')
      const owner = (): string => `user '${userName}' in account ${meta.accountId}`
      const userId = readText(configuration.userId)
      // Fields named one by one: with `...meta`, each of 100,000 user objects gets a property
      // store of its own beside it.
      return {
        kind: 'user',
        accountId: meta.accountId,
        resourceId: meta.resourceId,
        awsRegion: meta.awsRegion,
        capturedAt: meta.capturedAt,
        userName,
        // One string for both when they are equal, as they are for users.
        userId: userId === '' || userId === meta.resourceId ? meta.resourceId : userId,
        arn,
        path: readText(configuration.path),
        createDate: normaliseConfigTime(configuration.createDate ?? raw.resourceCreationTime),
        groups: readGroupNames(configuration.groupList),
        managedPolicies: readAttachedPolicies(configuration.attachedManagedPolicies),
        inlinePolicies: readInlinePolicies(configuration.userPolicyList, owner, onWarning),
        permissionsBoundary: isJsonObject(configuration.permissionsBoundary)
          ? readText(configuration.permissionsBoundary.permissionsBoundaryArn)
          : '',
        tags: readTags(raw.tags, configuration.tags)
      }
    }
    case RESOURCE_TYPE_BY_KIND.group: {
      const groupName = name('groupName')
      const owner = (): string => `group '${groupName}' in account ${meta.accountId}`
      return {
        kind: 'group',
        ...meta,
        groupName,
        arn,
        managedPolicies: readAttachedPolicies(configuration.attachedManagedPolicies),
        inlinePolicies: readInlinePolicies(configuration.groupPolicyList, owner, onWarning)
      }
    }
    case RESOURCE_TYPE_BY_KIND.policy: {
      const policyName = name('policyName')
      const owner = (): string =>
        `customer managed policy '${policyName}' in account ${meta.accountId}`
      return {
        kind: 'policy',
        ...meta,
        policyName,
        arn,
        grantsAdmin: readDefaultGrantsAdmin(configuration, owner, onWarning)
      }
    }
    default:
      throw new Error(
        `AWS Config returned an unexpected resource type '${resourceType}' for ${meta.resourceId} in account ${meta.accountId}: only IAM users, groups and policies are read.`
      )
  }
}

function parseRow(row: string | object): JsonObject {
  let value: unknown = row
  if (typeof row === 'string') {
    try {
      value = JSON.parse(row)
    } catch {
      throw new Error(`AWS Config returned a result row that is not JSON: ${row.slice(0, 120)}`)
    }
  }
  if (!isJsonObject(value))
    throw new Error('AWS Config returned a result row that is not an object.')
  return value
}

function parseConfiguration(raw: JsonObject): JsonObject | null {
  if (!('configuration' in raw)) {
    throw new Error(
      `AWS Config row for ${describeRow(raw)} has no configuration: the query must select it by name.`
    )
  }
  let configuration = raw.configuration
  if (typeof configuration === 'string') {
    try {
      configuration = JSON.parse(configuration)
    } catch {
      throw new Error(
        `AWS Config row for ${describeRow(raw)} has a configuration that is not JSON.`
      )
    }
  }
  if (configuration === null || configuration === undefined) return null
  if (!isJsonObject(configuration)) {
    throw new Error(
      `AWS Config row for ${describeRow(raw)} has a configuration that is not an object.`
    )
  }
  return configuration
}

function readMeta(raw: JsonObject, configuration: JsonObject | null): ItemMeta {
  const arn = readArn(raw) || readText(configuration?.arn)
  const accountId =
    readText(raw.accountId) || readText(raw.awsAccountId) || (arn.split(':')[4] ?? '')
  const resourceId =
    readText(raw.resourceId) ||
    readText(configuration?.userId) ||
    readText(configuration?.groupId) ||
    readText(configuration?.policyId)
  if (accountId === '' || resourceId === '') {
    const missing = [accountId ? '' : 'accountId', resourceId ? '' : 'resourceId'].filter(Boolean)
    throw new Error(
      `AWS Config row for ${describeRow(raw)} is missing ${missing.join(' and ')}: the query must select accountId and resourceId.`
    )
  }
  return {
    accountId,
    resourceId,
    awsRegion: readText(raw.awsRegion),
    capturedAt: normaliseConfigTime(raw.configurationItemCaptureTime)
  }
}

function readResourceType(
  raw: JsonObject,
  configuration: JsonObject | null,
  meta: ItemMeta
): string {
  const declared = readText(raw.resourceType)
  if (declared !== '') return declared
  const fromArn = IAM_ARN.exec(readArn(raw) || readText(configuration?.arn))?.[1]
  if (fromArn === 'user' || fromArn === 'group' || fromArn === 'policy')
    return RESOURCE_TYPE_BY_KIND[fromArn]
  if (configuration && 'userName' in configuration) return RESOURCE_TYPE_BY_KIND.user
  if (configuration && 'groupName' in configuration) return RESOURCE_TYPE_BY_KIND.group
  if (configuration && 'policyVersionList' in configuration) return RESOURCE_TYPE_BY_KIND.policy
  throw new Error(
    `AWS Config row for ${meta.resourceId} in account ${meta.accountId} has no resourceType, and neither its ARN nor its configuration tells it.`
  )
}

// Select results name it `arn`; configuration items in rule events name it `ARN`.
function readArn(raw: JsonObject): string {
  return readText(raw.arn) || readText(raw.ARN)
}

function describeRow(raw: JsonObject): string {
  return (
    readArn(raw) || readText(raw.resourceName) || readText(raw.resourceId) || 'an unnamed resource'
  )
}

function readGroupNames(value: unknown): readonly string[] {
  const list = asList(value)
  if (list.length === 0) return NO_ENTRIES
  const names: string[] = []
  for (const entry of list) {
    const name = isJsonObject(entry) ? readText(entry.groupName) : readText(entry)
    if (name !== '') names.push(name)
  }
  return names
}
