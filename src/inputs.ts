import * as core from '@actions/core'
import type { BucketOptions } from './aws/s3.js'
import { InputError } from './errors.js'
import { WEEKDAYS, type Weekday } from './schedule.js'

/** `auto` tries and carries on (one warning) when access is denied; `true` fails instead. */
export type AutoMode = 'true' | 'false' | 'auto'
export type AccountNamesMode = AutoMode

export interface Inputs {
  readonly awsRegion: string
  readonly roleToAssume: string
  readonly roleSessionName: string
  readonly roleDurationSeconds: number
  readonly audience: string
  readonly aggregatorName: string
  /** Config queries in flight at once when reading an aggregator. */
  readonly maxConcurrency: number
  /** Empty: no credential-report enrichment. */
  readonly memberRoleName: string
  readonly staleDays: number
  readonly accountNames: AccountNamesMode
  /** Read AWS managed policy documents with IAM to judge privilege escalation (SPEC §11). */
  readonly escalationAnalysis: AutoMode
  readonly s3Bucket: string
  readonly s3Prefix: string
  readonly s3Region: string
  readonly expectedBucketOwner: string
  readonly sseKmsKeyId: string
  readonly artifactName: string
  /** undefined keeps the repository default. */
  readonly artifactRetentionDays: number | undefined
  readonly createIssue: boolean
  readonly issueLabels: readonly string[]
  readonly issueAssignees: readonly string[]
  readonly githubToken: string
  /** null means any day. */
  readonly scheduleDay: Weekday | null
  readonly timezone: string
}

// Partitions: us-east-1, cn-north-1, us-gov-west-1, us-isob-east-1, and the European Sovereign Cloud eusc-de-east-1.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const AGGREGATOR = /^[\w-]{1,256}$/
const ACCOUNT_ID = /^\d{12}$/
const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/.+=,@-]+|alias\/[\w/.+=,@-]+|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const MAX_ASSIGNEES = 10
const ARTIFACT_FORBIDDEN = /["':<>|*?\r\n\\/]/

export type ReadInput = (name: string) => string

/** Reads and validates every input before any network call; the only place that calls core.getInput. */
export function getInputs(read: ReadInput = name => core.getInput(name)): Inputs {
  const text = (name: string, fallback = ''): string => {
    const v = read(name).trim()
    return v === '' ? fallback : v
  }
  const fail = (name: string, value: string, allowed: string): never => {
    throw new InputError(`Input '${name}' is not valid: '${value}'. ${allowed}`)
  }
  const matching = (name: string, pattern: RegExp, allowed: string, fallback = ''): string => {
    const v = text(name, fallback)
    if (v !== '' && !pattern.test(v)) fail(name, v, allowed)
    return v
  }
  const integer = (name: string, raw: string, min: number, max: number): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      fail(name, raw, `Must be a whole number from ${min} to ${max}.`)
    }
    return Number(raw)
  }
  const bool = (name: string, fallback: boolean): boolean => {
    const v = text(name, String(fallback))
    if (/^(true|True|TRUE)$/.test(v)) return true
    if (/^(false|False|FALSE)$/.test(v)) return false
    return fail(name, v, 'Must be true or false.')
  }
  const autoMode = (name: string): AutoMode => {
    const v = text(name, 'auto')
    if (v !== 'true' && v !== 'false' && v !== 'auto') {
      fail(name, v, "Must be 'true', 'false' or 'auto'.")
    }
    return v as AutoMode
  }
  const list = (name: string, fallback = ''): string[] =>
    text(name, fallback)
      .split(/[\n,]+/)
      .map(s => s.trim())
      .filter(s => s !== '')

  const awsRegion = text('aws-region')
  if (awsRegion === '')
    fail('aws-region', '', 'It is required: the region of the Config aggregator, e.g. us-east-1.')
  if (!REGION.test(awsRegion))
    fail('aws-region', awsRegion, 'Must be an AWS region code such as us-east-1.')

  const regionText = 'Must be an AWS region code such as eu-west-1, or empty.'
  const accountNames = autoMode('account-names')

  const s3Bucket = text('s3-bucket')
  if (s3Bucket !== '') validateBucket(s3Bucket, fail)
  const s3Prefix = read('s3-prefix') === '' ? 'iam-user-report/' : read('s3-prefix').trim()
  if (s3Prefix.startsWith('/') || s3Prefix.length > 512 || hasControlCharacter(s3Prefix)) {
    fail(
      's3-prefix',
      s3Prefix,
      'Must not start with / or contain control characters, and at most 512 characters.'
    )
  }

  // The runner passes action.yml's default when the input is not set, and '' when it is set empty:
  // '' means no artifact, as documented.
  const artifactName = read('artifact-name').trim()
  if (ARTIFACT_FORBIDDEN.test(artifactName) || artifactName.length > 256) {
    fail(
      'artifact-name',
      artifactName,
      'Must not contain any of " \' : < > | * ? \\ / or line breaks.'
    )
  }
  const retention = text('artifact-retention-days')
  const createIssue = bool('create-issue', false)
  const githubToken = text('github-token')
  if (createIssue && githubToken === '') {
    fail(
      'github-token',
      '',
      'Required when create-issue is true: pass ${{ github.token }} and grant issues: write.'
    )
  }
  const issueLabels = list('issue-labels', 'iam-user-report')
  for (const label of issueLabels)
    if (label.length > 50) fail('issue-labels', label, 'Each label is at most 50 characters.')
  const issueAssignees = list('issue-assignees').map(a => a.replace(/^@/, ''))
  for (const login of issueAssignees)
    if (!GITHUB_LOGIN.test(login))
      fail('issue-assignees', login, 'Each assignee is a GitHub login.')
  if (issueAssignees.length > MAX_ASSIGNEES)
    fail(
      'issue-assignees',
      issueAssignees.join(','),
      `GitHub assigns at most ${MAX_ASSIGNEES} people to an issue; got ${issueAssignees.length}.`
    )

  return {
    awsRegion,
    roleToAssume: matching(
      'role-to-assume',
      ROLE_ARN,
      'Must be an IAM role ARN such as arn:aws:iam::123456789012:role/iam-user-report, or empty to use the credentials already configured.'
    ),
    roleSessionName: matching(
      'role-session-name',
      SESSION_NAME,
      'Must be 2-64 characters of letters, digits and + = , . @ _ -.',
      'iam-user-report'
    ),
    roleDurationSeconds: integer(
      'role-duration-seconds',
      text('role-duration-seconds', '900'),
      900,
      43200
    ),
    audience: text('audience', 'sts.amazonaws.com'),
    aggregatorName: matching(
      'aggregator-name',
      AGGREGATOR,
      'Must be 1-256 letters, digits, _ or -, or empty for this account only.'
    ),
    maxConcurrency: integer('max-concurrency', text('max-concurrency', '4'), 1, 32),
    memberRoleName: parseMemberRoleName(text('member-role-name'), fail),
    staleDays: integer('stale-days', text('stale-days', '90'), 1, 3650),
    accountNames,
    escalationAnalysis: autoMode('escalation-analysis'),
    s3Bucket,
    s3Prefix,
    s3Region: matching('s3-region', REGION, regionText),
    expectedBucketOwner: matching(
      'expected-bucket-owner',
      ACCOUNT_ID,
      'Must be a 12-digit AWS account ID, or empty.'
    ),
    sseKmsKeyId: matching(
      'sse-kms-key-id',
      KMS_KEY,
      'Must be a KMS key ID, key ARN, alias/name or alias ARN, or empty for SSE-S3.'
    ),
    artifactName,
    artifactRetentionDays:
      retention === '' ? undefined : integer('artifact-retention-days', retention, 1, 90),
    createIssue,
    issueLabels,
    issueAssignees,
    githubToken,
    scheduleDay: parseScheduleDay(text('schedule-day', 'any'), fail),
    timezone: parseTimezone(text('timezone', 'UTC'), fail)
  }
}

type Fail = (name: string, value: string, allowed: string) => never

function validateBucket(bucket: string, fail: Fail): void {
  const rules =
    'Must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.'
  if (
    !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) ||
    bucket.includes('..') ||
    /^\d+\.\d+\.\d+\.\d+$/.test(bucket)
  ) {
    fail('s3-bucket', bucket, rules)
  }
}

function parseMemberRoleName(value: string, fail: Fail): string {
  if (value.startsWith('arn:')) {
    return fail(
      'member-role-name',
      value,
      "Takes the role's name (the same in every account), not its ARN."
    )
  }
  if (value !== '' && !/^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(value)) {
    return fail(
      'member-role-name',
      value,
      'Must be an IAM role name (optionally with a path), or empty.'
    )
  }
  return value
}

function parseScheduleDay(value: string, fail: Fail): Weekday | null {
  if (value === 'any') return null
  const match = /^first-([a-z]+)$/.exec(value)
  const day = match?.[1] as Weekday | undefined
  if (day === undefined || !WEEKDAYS.includes(day)) {
    return fail('schedule-day', value, "Must be 'any' or 'first-<weekday>', e.g. first-monday.")
  }
  return day
}

function parseTimezone(value: string, fail: Fail): string {
  // The default needs no check, and the first Intl time zone lookup loads ICU data (15 ms).
  if (value === 'UTC') return value
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return fail('timezone', value, 'Must be an IANA time zone such as UTC or Europe/Berlin.')
  }
}

function hasControlCharacter(value: string): boolean {
  return [...value].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
}

/** The bucket settings every S3 call takes. */
export function bucketOf(inputs: Inputs): BucketOptions {
  return {
    bucket: inputs.s3Bucket,
    expectedOwner: inputs.expectedBucketOwner,
    kmsKeyId: inputs.sseKmsKeyId
  }
}
