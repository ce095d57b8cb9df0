/** A Config item as SelectAggregateResourceConfig returns it (after JSON.parse of a Results entry). */
export interface ConfigItem {
  version: string
  accountId: string
  configurationItemCaptureTime: string
  configurationItemStatus: string
  resourceType: string
  resourceId: string
  resourceName: string
  arn: string
  awsRegion: string
  availabilityZone: string
  resourceCreationTime: string
  /** An object; a JSON string on some items; null when the resource was deleted. */
  configuration: Record<string, unknown> | string | null
  supplementaryConfiguration: Record<string, unknown>
  /** `[{key, value, tag}]`, or a map `{}` on some items. */
  tags: { key: string; value: string; tag: string }[] | Record<string, string>
}

export interface OrgAccount {
  id: string
  name: string
  email: string
}

export interface Org {
  seed: number
  /** ISO time the sample is "taken" at. */
  now: string
  accounts: OrgAccount[]
  items: ConfigItem[]
}

export interface UserRef {
  accountId: string
  userName: string
  userId: string
}

export interface OrgChanges {
  added: UserRef[]
  removed: UserRef[]
  recreated: { accountId: string; userName: string; oldUserId: string; newUserId: string }[]
  becameAdmin: UserRef[]
  /** Every remaining user whose report row changes (becameAdmin included). */
  changed: (UserRef & { fields: string[] })[]
}

export interface GenerateOrgOptions {
  seed?: number
  accounts?: number
  usersPerAccount?: number
  /** awsRegion values: the first for every item, the second for users recorded twice. */
  regions?: string[]
  /** Probability that a user gets an extra random edge case (default 0.02). */
  edgeRate?: number
  /** Plant every edge case at least once (default true). */
  edgeCases?: boolean
  now?: string
}

export declare const USER_EDGES: readonly string[]
export declare function generateOrg(options?: GenerateOrgOptions): Org
export declare function mutateOrg(
  org: Org,
  options?: { seed?: number }
): Org & { changes: OrgChanges }
export declare function summarizeOrg(org: Org): {
  users: (UserRef & { accountName: string; isAdmin: boolean })[]
  userCount: number
  adminCount: number
  accountCount: number
}
