// The credential report the IAM stand-in serves: one row per live IAM user the Config stand-in
// holds for the account, with seeded sign-in, MFA and access-key history. Every account gets each
// profile in turn (by user name order), so even small accounts have console users without MFA,
// stale users and users that were never active.
import { mulberry32 } from './http-util.js'
import { DAY, isoSec } from './org-model.js'

export const CREDENTIAL_REPORT_HEADER = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated'
]
export const PROFILES = [
  'console-mfa',
  'console-no-mfa',
  'keys-only',
  'stale',
  'never-active',
  'no-information'
]

/** IAM's date format in the report. @param {number} t */
const iamTime = t => isoSec(t).replace('.000Z', '+00:00')

/** FNV-1a, to seed each user's values from its identity. @param {string} text */
function hash(text) {
  let h = 0x811c9dc5
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193)
  return h >>> 0
}

/** @param {string} value */
const cell = value => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/**
 * Live users of `account`: the newest item per resourceId wins, and a deleted newest item means
 * the user is gone, as the action itself reads Config.
 * @param {string} account @param {any[]} items
 */
function liveUsers(account, items) {
  /** @type {Map<string, any>} */
  const newest = new Map()
  for (const item of items) {
    if (item.resourceType !== 'AWS::IAM::User' || item.accountId !== account) continue
    const seen = newest.get(item.resourceId)
    if (!seen || item.configurationItemCaptureTime > seen.configurationItemCaptureTime)
      newest.set(item.resourceId, item)
  }
  return [...newest.values()]
    .filter(item => item.configuration !== null)
    .sort((a, b) =>
      a.resourceName < b.resourceName ? -1 : a.resourceName > b.resourceName ? 1 : 0
    )
}

/**
 * @param {any} user Config item
 * @param {string} profile
 * @param {() => number} rng
 * @param {number} now
 */
function userRow(user, profile, rng, now) {
  const created = Math.min(now, Date.parse(user.resourceCreationTime))
  const between = (/** @type {number} */ lo, /** @type {number} */ hi) =>
    lo + Math.floor(rng() * (hi - lo + 1))
  /** A moment `lo`–`hi` days ago, never before the user existed. */
  const ago = (/** @type {number} */ lo, /** @type {number} */ hi) =>
    iamTime(Math.max(created, now - between(lo, hi) * DAY - between(0, DAY - 1)))
  const noKey = ['false', 'N/A', 'N/A', 'N/A', 'N/A']
  const key = (
    /** @type {boolean} */ active,
    /** @type {string} */ rotated,
    /** @type {string | null} */ used
  ) => [String(active), rotated, used ?? 'N/A', used ? 'us-east-1' : 'N/A', used ? 's3' : 'N/A']
  let password = ['false', 'N/A', 'N/A', 'N/A']
  let mfa = false
  let key1 = noKey
  let key2 = noKey
  if (profile === 'console-mfa') {
    password = ['true', ago(0, 20), ago(30, 200), 'N/A']
    mfa = true
    if (rng() < 0.5) key1 = key(true, ago(10, 300), ago(0, 15))
  } else if (profile === 'console-no-mfa') {
    password = ['true', ago(1, 45), ago(30, 300), 'N/A']
  } else if (profile === 'keys-only') {
    key1 = key(true, ago(20, 900), ago(0, 7))
    key2 = key(false, ago(400, 900), ago(300, 800))
  } else if (profile === 'stale') {
    if (rng() < 0.5) password = ['true', ago(120, 700), ago(700, 900), 'N/A']
    mfa = rng() < 0.5
    key1 = key(true, ago(400, 1200), ago(100, 600))
  } else if (profile === 'never-active') {
    key1 = key(true, ago(0, 600), null)
  } else {
    password = ['true', 'no_information', ago(0, 400), 'N/A']
  }
  return [
    user.resourceName,
    user.arn,
    iamTime(created),
    ...password,
    String(mfa),
    ...key1,
    ...key2,
    'false',
    'N/A',
    'false',
    'N/A'
  ]
}

/**
 * @param {string} account
 * @param {any[]} items Config items (all accounts)
 * @param {number} generatedAt
 * @param {number} seed
 */
export function renderCredentialReport(account, items, generatedAt, seed) {
  const users = liveUsers(account, items)
  const firstCreated = Math.min(
    generatedAt - 1500 * DAY,
    ...users.map(u => Date.parse(u.resourceCreationTime) - 30 * DAY)
  )
  const root = [
    '<root_account>',
    `arn:aws:iam::${account}:root`,
    iamTime(firstCreated),
    'not_supported',
    iamTime(generatedAt - 40 * DAY),
    'not_supported',
    'not_supported',
    'true',
    ...['false', 'N/A', 'N/A', 'N/A', 'N/A'],
    ...['false', 'N/A', 'N/A', 'N/A', 'N/A'],
    'false',
    'N/A',
    'false',
    'N/A'
  ]
  const rows = users.map((user, k) =>
    userRow(
      user,
      PROFILES[k % PROFILES.length],
      mulberry32(hash(`${seed}:${account}:${user.resourceName}`)),
      generatedAt
    )
  )
  return (
    [CREDENTIAL_REPORT_HEADER, root, ...rows].map(row => row.map(cell).join(',')).join('\n') + '\n'
  )
}
