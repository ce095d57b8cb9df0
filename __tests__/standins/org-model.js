// The in-memory model behind the sample organization: seeded randomness, users, and the edge
// cases planted in them. generate-org.js builds and mutates it; org-render.js turns it into items.
import { mulberry32 } from './http-util.js'
import { DOC, awsManaged } from './org-policies.js'

/** @param {string} text */
const words = text => text.trim().split(/\s+/)
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
export const DAY = 86400000
const FIRST = words(`
  alice bob carol dave erin frank grace heidi ivan judy mallory niaj olivia peggy rupert sybil
  trent victor walter yusuf zoe amara bao chen dimitri elif farah goran hana ines jonas kenji`)
const LAST = words(`
  smith jones garcia muller rossi tanaka kowalski nguyen okafor silva novak haddad larsen dubois
  moreau costa ivanova kim patel sato berg fischer lopez meyer nakamura olsen perez quinn reyes
  schmidt torres weber`)
const SERVICE = words(
  'ci-deploy terraform backup-agent monitoring legacy-app s3-sync smtp-relay github-actions'
)
export const TEAMS = words(
  'payments data-lake identity search checkout mobile analytics platform ml marketing'
)
export const ENVS = words('prod staging dev sandbox')
/** Account names that break naive CSV, Markdown and mention handling. */
export const EDGE_ACCOUNT_NAMES = [
  'Payments | Prod',
  'Data `lake` sandbox',
  'Ping @security-team',
  '=HYPERLINK("https://example.com","open")'
]
/** IAM allows `+=,.@-` in names, so names can start like spreadsheet formulas. */
const EDGE_USER_NAMES = {
  nameEquals: '=cmd',
  namePlus: '+ci-bot',
  nameMinus: '-legacy.user',
  nameAt: '@ops.bot'
}
/** Planted once each when there are enough users; also drawn at random with `edgeRate`. */
export const USER_EDGES = words(`
  adminDirect adminViaGroup adminInlineUser adminInlineGroup adminCustomerUser adminCustomerGroup
  adminStarColonList adminOtherPartition nearNotAction nearNotResource nearCondition
  nearNonDefaultVersion nearLookalike nearScoped nearMissGroup nameEquals namePlus nameMinus nameAt
  dupRegionOlder dupRegionNewer configString singleObjectList deleted deletedStaleAlive tagsMap
  tagsEmptyMap`)

/** @param {number} seed */
export function random(seed) {
  const next = mulberry32(seed)
  const int = (/** @type {number} */ n) => Math.floor(next() * n)
  return {
    next,
    int,
    /** @template T @param {readonly T[]} a @returns {T} */
    pick: a => a[int(a.length)],
    chance: (/** @type {number} */ p) => next() < p,
    id: (/** @type {string} */ prefix) => {
      let id = prefix
      for (let k = 0; k < 17; k++) id += B32[int(32)]
      return id
    }
  }
}
/** @typedef {ReturnType<typeof random>} Rng */

export const isoMs = (/** @type {number} */ t) => new Date(t).toISOString()
export const isoSec = (/** @type {number} */ t) =>
  new Date(Math.floor(t / 1000) * 1000).toISOString()

/** Adds lookup maps (not serialised) to an account model. @param {any} account */
export function indexAccount(account) {
  Object.defineProperty(account, 'groupsByName', {
    value: new Map(account.groups.map((/** @type {any} */ g) => [g.groupName, g])),
    configurable: true
  })
  Object.defineProperty(account, 'policiesByArn', {
    value: new Map(account.policies.map((/** @type {any} */ p) => [p.arn, p])),
    configurable: true
  })
  return account
}

/** @param {Rng} r @param {any} account @param {number} now @param {{ createdAfter?: number }} [opts] */
export function newUser(r, account, now, opts = {}) {
  const service = r.chance(0.1)
  const base = service ? r.pick(SERVICE) : `${r.pick(FIRST)}.${r.pick(LAST)}`
  const createdAt = opts.createdAfter ?? now - (1 + r.int(6 * 365)) * DAY
  const created = createdAt + r.int(Math.max(1, now - createdAt - DAY))
  const user = {
    userName: uniqueName(account, base),
    userId: r.id('AIDA'),
    path: r.chance(0.1) ? r.pick(['/engineering/', '/contractors/', '/service/']) : '/',
    createDate: isoSec(created),
    captureTime: isoMs(created + r.int(Math.max(1, now - created))),
    groups: /** @type {string[]} */ ([]),
    managed: /** @type {{ policyName: string, policyArn: string }[]} */ ([]),
    inline: /** @type {{ policyName: string, doc: object }[]} */ ([]),
    boundary: /** @type {string | null} */ (null),
    tags: /** @type {{ key: string, value: string }[]} */ ([]),
    quirks: /** @type {Record<string, boolean | string>} */ ({}),
    deleted: false
  }
  for (const g of ['Developers', 'ReadOnly', 'Billing']) if (r.chance(0.3)) user.groups.push(g)
  if (r.chance(0.03)) user.groups.push(r.pick(['Admins', 'Ops', 'Platform', 'BreakGlass']))
  for (const m of [
    'ReadOnlyAccess',
    'AmazonS3ReadOnlyAccess',
    'IAMUserChangePassword',
    'job-function/ViewOnlyAccess'
  ])
    if (r.chance(0.15)) user.managed.push(awsManaged(m))
  if (r.chance(0.1))
    user.managed.push({
      policyName: 'DeployPolicy',
      policyArn: `arn:aws:iam::${account.id}:policy/DeployPolicy`
    })
  if (r.chance(0.02)) user.managed.push(awsManaged('AdministratorAccess'))
  if (r.chance(0.2)) user.inline.push({ policyName: 'ReportsBucketRead', doc: DOC.s3Read })
  if (r.chance(0.05)) user.inline.push({ policyName: 'FullSNSPermissions', doc: DOC.snsAll })
  if (r.chance(0.15))
    user.boundary = r.chance(0.5)
      ? `arn:aws:iam::${account.id}:policy/DeveloperBoundary`
      : 'arn:aws:iam::aws:policy/PowerUserAccess'
  if (r.chance(0.6))
    user.tags.push({ key: 'Owner', value: service ? 'platform-team' : base.split('.')[0] })
  if (r.chance(0.4)) user.tags.push({ key: 'CostCenter', value: `cc-${100 + r.int(900)}` })
  if (r.chance(0.2)) user.tags.push({ key: 'ManagedBy', value: 'terraform' })
  return user
}

/** @param {any} account @param {string} base */
export function uniqueName(account, base) {
  let n = account.nameCounts.get(base) ?? 0
  let name = n === 0 ? base : `${base}${n + 1}`
  while (account.userNames.has(name)) name = `${base}${++n + 1}`
  account.nameCounts.set(base, n + 1)
  account.userNames.add(name)
  return name
}

/** @param {any} user @param {any} account @param {string} edge */
export function applyEdge(user, account, edge) {
  const groupWith = (/** @type {string} */ mechanism) =>
    account.groups.find((/** @type {any} */ g) => g.mechanism === mechanism).groupName
  const customer = (/** @type {string} */ name, path = '/') => ({
    policyName: name,
    policyArn: `arn:aws:iam::${account.id}:policy${path}${name}`
  })
  const addGroup = (/** @type {string} */ g) =>
    void (user.groups.includes(g) || user.groups.push(g))
  switch (edge) {
    case 'adminDirect':
      return void user.managed.push(awsManaged('AdministratorAccess'))
    case 'adminViaGroup':
      return addGroup(groupWith('managedAdmin'))
    case 'adminInlineUser':
      return void user.inline.push({ policyName: 'AdminInline', doc: DOC.adminStar })
    case 'adminInlineGroup':
      return addGroup(groupWith('inlineAdmin'))
    case 'adminCustomerUser':
      return void user.managed.push(customer('OrgAdmin', '/admin/'))
    case 'adminCustomerGroup':
      return addGroup(groupWith('customerAdmin'))
    case 'adminStarColonList':
      return void user.inline.push({ policyName: 'EverythingList', doc: DOC.adminStarColon })
    case 'adminOtherPartition':
      return void user.managed.push({
        policyName: 'AdministratorAccess',
        policyArn: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess'
      })
    case 'nearNotAction':
      return void user.inline.push({ policyName: 'AllButIam', doc: DOC.notAction })
    case 'nearNotResource':
      return void user.inline.push({ policyName: 'AllButProtectedRoles', doc: DOC.notResource })
    case 'nearCondition':
      return void user.managed.push(customer('BreakGlass'))
    case 'nearNonDefaultVersion':
      return void user.managed.push(customer('LegacyAdmin'))
    case 'nearLookalike':
      return void user.managed.push(customer('AdministratorAccess'))
    case 'nearScoped':
      return void user.inline.push({ policyName: 'SandboxEverything', doc: DOC.scopedStar })
    case 'nearMissGroup':
      return addGroup(groupWith('nearMiss'))
    case 'singleObjectList':
      return void (
        (user.managed = [user.managed[0] ?? awsManaged('IAMUserChangePassword')]),
        (user.quirks.singleObjectList = true)
      )
    case 'deleted':
      return void (user.deleted = true)
    case 'deletedStaleAlive':
      return void ((user.deleted = true), (user.quirks.dup = 'older'))
    case 'dupRegionOlder':
      return void (user.quirks.dup = 'older')
    case 'dupRegionNewer':
      return void (user.quirks.dup = 'newer')
    default:
      if (edge in EDGE_USER_NAMES) {
        account.userNames.delete(user.userName)
        user.userName = uniqueName(account, EDGE_USER_NAMES[/** @type {'nameAt'} */ (edge)])
      } else user.quirks[edge] = true
  }
}

/** @param {any} model */
export function cloneModel(model) {
  const accounts = model.accounts.map((/** @type {any} */ a) => {
    const copy = {
      ...a,
      groups: a.groups,
      policies: a.policies,
      users: a.users.map((/** @type {any} */ u) => ({
        ...u,
        groups: [...u.groups],
        managed: [...u.managed],
        inline: [...u.inline],
        tags: [...u.tags],
        quirks: { ...u.quirks }
      }))
    }
    Object.defineProperties(copy, {
      userNames: { value: new Set(a.userNames), configurable: true },
      nameCounts: { value: new Map(a.nameCounts), configurable: true }
    })
    return indexAccount(copy)
  })
  return { ...model, accounts }
}
