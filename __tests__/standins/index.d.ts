import type { Org, OrgAccount } from './generate-org.js'

export type {
  ConfigItem,
  GenerateOrgOptions,
  Org,
  OrgAccount,
  OrgChanges,
  UserRef
} from './generate-org.js'
export { generateOrg, mutateOrg, summarizeOrg } from './generate-org.js'

export interface FaultSpec {
  status?: number
  code?: string
  /** A function gets the caller's access key and session token (the IAM stand-in only). */
  message?: string | ((caller: { key: string; token: string }) => string)
}

export interface LoggedRequest {
  /** Operation (X-Amz-Target suffix, Action, Twirp method, S3 operation) where the protocol names one. */
  operation?: string
  method?: string
  path?: string
  query?: Record<string, string>
  body?: unknown
  headers: Record<string, string>
  /** HTTP status sent back. */
  status?: number
  [key: string]: unknown
}

interface Server<K> {
  url: string
  requests: LoggedRequest[]
  knobs: K
  failNext(n: number, spec?: FaultSpec): void
  close(): Promise<void>
}

export interface ConfigStandin extends Server<{
  latencyMs: number
  throttleRate: number
  seed: number
  tps: number
  localAccountId: string | null
}> {
  aggregators: Set<string>
  setItems(items: object[]): void
  getItems(): object[]
  countSelects(): number
}

export interface StsStandin extends Server<{
  latencyMs: number
  throttleRate: number
  seed: number
  allowedRoles: Set<string> | null
  expectedToken: string | ((token: string) => boolean) | null
  expectedAudience: string | null
  accessKeyId: string
  secretAccessKey: string
  /** Sessions expire this many seconds after they are issued, whatever was asked (null: as asked). */
  sessionSeconds: number | null
  accountId: string
  /** AssumeRole of any role in these accounts answers AccessDenied (403). */
  deniedAccounts: Set<string>
}> {
  /** Successful AssumeRoleWithWebIdentity calls; each session has a token of its own. */
  issued: { roleArn: string; sessionName: string; sessionToken: string; expiration: string }[]
  /** Successful AssumeRole calls; `accessKeyId` is `ASIA<account id><4 chars>`. */
  assumed: {
    roleArn: string
    sessionName: string
    durationSeconds: number
    accessKeyId: string
    sourceAccessKeyId: string
    expiration: string
  }[]
  /** Whether a request carrying this x-amz-security-token is refused as expired. */
  sessionExpired(token: unknown): boolean
}

export interface IamStandin extends Server<{
  latencyMs: number
  throttleRate: number
  /** Seeds the report values. */
  seed: number
  /** Per account: INPROGRESS answers between STARTED and COMPLETE (absent: 0). */
  inProgressPolls: Map<string, number>
  /** Per account: how many of the next GenerateCredentialReport calls answer LimitExceeded. */
  limitExceededAccounts: Map<string, number>
  /** The stand-in's clock, ISO (null: real time). Reports expire 4 hours after generation. */
  now: string | null
  /** GetPolicy and GetPolicyVersion answer AccessDenied (403), as without the permissions. */
  denyPolicyReads: boolean
  /** While it answers true, the account's report in generation stays INPROGRESS (a slow IAM). */
  holdReport: ((accountId: string) => boolean) | null
}> {
  /** The CSV of the account's complete report, if any. */
  reportCsv(accountId: string): string | undefined
  /** GetPolicy and GetPolicyVersion requests so far, denied and failed ones included. */
  countPolicyCalls(): { GetPolicy: number; GetPolicyVersion: number }
}

export interface OrganizationsStandin extends Server<{
  latencyMs: number
  throttleRate: number
  seed: number
  emptyPageAfter: number | null
  deny: 'AccessDeniedException' | 'AWSOrganizationsNotInUseException' | null
}> {
  setAccounts(
    accounts: {
      id: string
      name: string
      email?: string
      state?: string
      joinedMethod?: string
      joinedAt?: string
    }[]
  ): void
}

export interface OidcStandin extends Server<{
  latencyMs: number
  subject: string
  claims: Record<string, unknown>
}> {
  requestUrl: string
  requestToken: string
  issuedTokens: string[]
}

export interface StoredArtifact {
  id: number
  name: string
  size: number
  digest: string
  zip: Buffer
  runBackendId: string
  jobBackendId: string
  createdAt: string
  expiresAt: string | undefined
  files(): Record<string, Buffer>
}

export interface ArtifactStandin extends Server<{ latencyMs: number }> {
  artifacts: StoredArtifact[]
  makeRuntimeToken(runBackendId: string, jobBackendId: string): string
  onFinalize(listener: (artifact: StoredArtifact) => void): void
}

export interface GithubArtifact {
  id: number
  name: string
  runId: number
  zip: Buffer
  createdAt: string
  expiresAt: string
  expired: boolean
  digest?: string
}

export interface GithubRun {
  id: number
  name: string
  workflow_id: number
  status: string
  conclusion: string | null
  event: string
  [key: string]: unknown
}

export interface GithubStandin extends Server<{
  latencyMs: number
  expectedToken: string | null
  repository: string
  assignable: Set<string> | null
}> {
  issues: Record<string, unknown>[]
  artifacts: GithubArtifact[]
  runs: Map<number, GithubRun>
  addRun(run: {
    id: number
    workflowId?: number
    name?: string
    status?: string
    conclusion?: string | null
    event?: string
    /** head_branch (default main). */
    branch?: string
    /** `owner/repo` of a fork the run's pull request came from (default: this repository). */
    headRepository?: string
  }): GithubRun
  addArtifact(spec: {
    name: string
    runId: number
    workflowId?: number
    conclusion?: string | null
    status?: string
    branch?: string
    files?: Record<string, Buffer | string>
    zip?: Buffer
    createdAt?: string
    expired?: boolean
    digest?: string
  }): Promise<GithubArtifact>
  /** The next `n` authenticated requests answer the primary rate limit: 403, `x-ratelimit-remaining: 0`, reset `resetSeconds` from now (default 1). */
  rateLimitNext(n: number, options?: { resetSeconds?: number }): void
}

export interface S3Standin extends Server<{
  latencyMs: number
  denyAll: boolean
  bucketOwner: string | null
}> {
  /** s3rver's data directory. */
  dir: string
  createBucket(bucket: string): Promise<void>
  getObject(bucket: string, key: string): Promise<Buffer | undefined>
  putObject(bucket: string, key: string, body: Buffer | string): Promise<void>
  listKeys(bucket: string, prefix?: string): Promise<string[]>
}

export interface StandinOptions {
  region?: string
  aggregatorName?: string
  buckets?: string[]
  roleArn?: string
  audience?: string
  repository?: string
  runId?: number
  workflowId?: number
  org?: { accounts: OrgAccount[]; items: object[] }
}

export interface Standins {
  config: ConfigStandin
  sts: StsStandin
  iam: IamStandin
  organizations: OrganizationsStandin
  oidc: OidcStandin
  artifact: ArtifactStandin
  github: GithubStandin
  s3: S3Standin
  /** Everything a spawned `node dist/index.js` needs; spawn with `{ PATH, ...env, ...inputEnv(inputs) }`. */
  env: Record<string, string>
  /** The one role STS lets the workflow assume. */
  roleArn: string
  /** The token the GitHub stand-in accepts. */
  githubToken: string
  root: string
  loadOrg(org: Pick<Org, 'accounts' | 'items'>): void
  /** Completes the current run with `conclusion` and starts the next one on `branch` (default main). */
  nextRun(options?: {
    conclusion?: 'success' | 'failure' | 'cancelled'
    branch?: string
  }): Promise<string>
  inputEnv(inputs: Record<string, string>): Record<string, string>
  close(): Promise<void>
}

export declare function startStandins(options?: StandinOptions): Promise<Standins>
export declare function inputEnv(inputs: Record<string, string>): Record<string, string>
