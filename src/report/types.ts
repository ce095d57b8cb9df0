// Domain types shared by the pure report modules. Nothing here imports @actions/* or the AWS SDK.
import type { Enrichment } from './credential-report.js'

/** Resource types read from AWS Config. */
export type IamResourceType = 'AWS::IAM::User' | 'AWS::IAM::Group' | 'AWS::IAM::Policy'

/** A managed policy attached to a user or group. */
export interface AttachedPolicy {
  readonly name: string
  readonly arn: string
}

/**
 * An inline policy, its document judged when it is read (see isAdminDocument): an undecodable
 * document (a warning is raised for it; the policy is still listed by name) grants nothing.
 */
export interface InlinePolicy {
  readonly name: string
  readonly grantsAdmin: boolean
}

/** Fields every Config item carries, whatever its type. */
export interface ItemMeta {
  readonly accountId: string
  readonly resourceId: string
  readonly awsRegion: string
  /** ISO 8601 UTC, no milliseconds: `2025-04-30T04:47:16Z`. */
  readonly capturedAt: string
}

export interface IamUserItem extends ItemMeta {
  readonly kind: 'user'
  readonly userName: string
  readonly userId: string
  readonly arn: string
  readonly path: string
  readonly createDate: string
  readonly groups: readonly string[]
  readonly managedPolicies: readonly AttachedPolicy[]
  readonly inlinePolicies: readonly InlinePolicy[]
  /** ARN of the permissions boundary, '' when none. */
  readonly permissionsBoundary: string
  /** `key=value`, in the order Config gave them. */
  readonly tags: readonly string[]
}

export interface IamGroupItem extends ItemMeta {
  readonly kind: 'group'
  readonly groupName: string
  readonly arn: string
  readonly managedPolicies: readonly AttachedPolicy[]
  readonly inlinePolicies: readonly InlinePolicy[]
}

export interface IamPolicyItem extends ItemMeta {
  readonly kind: 'policy'
  readonly policyName: string
  readonly arn: string
  /** Whether the default version's document makes an administrator; false when missing or undecodable. */
  readonly grantsAdmin: boolean
}

/** A Config item marked deleted (`configuration: null`). */
export interface DeletedItem extends ItemMeta {
  readonly kind: 'deleted'
  readonly resourceType: IamResourceType | string
}

export type IamItem = IamUserItem | IamGroupItem | IamPolicyItem | DeletedItem

/** One row of the report; keys are the CSV column names. */
export interface UserRecord {
  readonly account_id: string
  readonly account_name: string
  readonly user_name: string
  readonly user_id: string
  readonly arn: string
  readonly path: string
  readonly create_date: string
  readonly groups: readonly string[]
  readonly managed_policies: readonly string[]
  readonly inline_policies: readonly string[]
  readonly group_managed_policies: readonly string[]
  readonly group_inline_policies: readonly string[]
  readonly permissions_boundary: string
  readonly is_admin: boolean
  readonly admin_reason: string
  readonly tags: readonly string[]
  readonly config_captured_at: string
  readonly managed_policy_arns: readonly string[]
  /** From the account's credential report, when enrichment is on and the account had one. */
  readonly enrichment?: Enrichment
}

/** Present when the credential-report enrichment was on (`member-role-name`). */
export interface CredentialReportInfo {
  readonly staleDays: number
  readonly failedAccounts: readonly { readonly accountId: string; readonly reason: string }[]
}

export interface Report {
  readonly schemaVersion: 1
  readonly generatedAt: string
  readonly source: { readonly aggregator: string | null; readonly region: string }
  readonly users: readonly UserRecord[]
  readonly credentialReports?: CredentialReportInfo
}

/** A user present in both reports whose privileges moved. */
export interface UserChange {
  readonly before: UserRecord
  readonly after: UserRecord
  /** CSV column names that differ, in column order. */
  readonly fields: readonly string[]
}

export interface ReportDiff {
  /** `generatedAt` of the baseline; null on a first report. */
  readonly baselineGeneratedAt: string | null
  readonly added: readonly UserRecord[]
  readonly removed: readonly UserRecord[]
  /** Users that became admin first, then by account and name. */
  readonly changed: readonly UserChange[]
}
