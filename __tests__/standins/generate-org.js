// Seeded sample AWS Organization rendered as AWS Config items (the shapes of shared/aws-samples),
// plus a "next month" mutation that reports what changed. Same seed, same bytes; linear time, so
// benchmarks can ask for 100,000 users.
import { mulberry32 } from './http-util.js'
import {
  DOC,
  awsManaged,
  customerPolicies,
  encodeDocument,
  groupTemplates,
  userIsAdmin
} from './org-policies.js'

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const DAY = 86400000
const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yusuf', 'zoe', 'amara', 'bao', 'chen', 'dimitri', 'elif', 'farah', 'goran', 'hana', 'ines', 'jonas', 'kenji']
const LAST = ['smith', 'jones', 'garcia', 'muller', 'rossi', 'tanaka', 'kowalski', 'nguyen', 'okafor', 'silva', 'novak', 'haddad', 'larsen', 'dubois', 'moreau', 'costa', 'ivanova', 'kim', 'patel', 'sato', 'berg', 'fischer', 'lopez', 'meyer', 'nakamura', 'olsen', 'perez', 'quinn', 'reyes', 'schmidt', 'torres', 'weber']
const SERVICE = ['ci-deploy', 'terraform', 'backup-agent', 'monitoring', 'legacy-app', 's3-sync', 'smtp-relay', 'github-actions']
const TEAMS = ['payments', 'data-lake', 'identity', 'search', 'checkout', 'mobile', 'analytics', 'platform', 'ml', 'marketing']
const ENVS = ['prod', 'staging', 'dev', 'sandbox']
/** Account names that break naive CSV, Markdown and mention handling. */
const EDGE_ACCOUNT_NAMES = ['Payments | Prod', 'Data `lake` sandbox', 'Ping @security-team', '=HYPERLINK("https://example.com","open")']
/** IAM allows `+=,.@-` in names, so names can start like spreadsheet formulas. */
const EDGE_USER_NAMES = { nameEquals: '=cmd', namePlus: '+ci-bot', nameMinus: '-legacy.user', nameAt: '@ops.bot' }
/** Planted once each when there are enough users; also drawn at random with `edgeRate`. */
export const USER_EDGES = [
  'adminDirect', 'adminViaGroup', 'adminInlineUser', 'adminInlineGroup', 'adminCustomerUser', 'adminCustomerGroup',
  'adminStarColonList', 'adminOtherPartition', 'nearNotAction', 'nearNotResource', 'nearCondition',
  'nearNonDefaultVersion', 'nearLookalike', 'nearScoped', 'nearMissGroup',
  'nameEquals', 'namePlus', 'nameMinus', 'nameAt',
  'dupRegionOlder', 'dupRegionNewer', 'configString', 'singleObjectList', 'deleted', 'deletedStaleAlive', 'tagsMap', 'tagsEmptyMap'
]

/** @param {number} seed */
function random(seed) {
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

const isoMs = (/** @type {number} */ t) => new Date(t).toISOString()
const isoSec = (/** @type {number} */ t) => new Date(Math.floor(t / 1000) * 1000).toISOString()

/** Adds lookup maps (not serialised) to an account model. @param {any} account */
function index(account) {
  Object.defineProperty(account, 'groupsByName', { value: new Map(account.groups.map((/** @type {any} */ g) => [g.groupName, g])), configurable: true })
  Object.defineProperty(account, 'policiesByArn', { value: new Map(account.policies.map((/** @type {any} */ p) => [p.arn, p])), configurable: true })
  return account
}

/** @param {Rng} r @param {any} account @param {number} now @param {{ createdAfter?: number }} [opts] */
function newUser(r, account, now, opts = {}) {
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
  for (const m of ['ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'IAMUserChangePassword', 'job-function/ViewOnlyAccess'])
    if (r.chance(0.15)) user.managed.push(awsManaged(m))
  if (r.chance(0.1)) user.managed.push({ policyName: 'DeployPolicy', policyArn: `arn:aws:iam::${account.id}:policy/DeployPolicy` })
  if (r.chance(0.02)) user.managed.push(awsManaged('AdministratorAccess'))
  if (r.chance(0.2)) user.inline.push({ policyName: 'ReportsBucketRead', doc: DOC.s3Read })
  if (r.chance(0.05)) user.inline.push({ policyName: 'FullSNSPermissions', doc: DOC.snsAll })
  if (r.chance(0.15)) user.boundary = r.chance(0.5) ? `arn:aws:iam::${account.id}:policy/DeveloperBoundary` : 'arn:aws:iam::aws:policy/PowerUserAccess'
  if (r.chance(0.6)) user.tags.push({ key: 'Owner', value: service ? 'platform-team' : base.split('.')[0] })
  if (r.chance(0.4)) user.tags.push({ key: 'CostCenter', value: `cc-${100 + r.int(900)}` })
  if (r.chance(0.2)) user.tags.push({ key: 'ManagedBy', value: 'terraform' })
  return user
}

/** @param {any} account @param {string} base */
function uniqueName(account, base) {
  let n = account.nameCounts.get(base) ?? 0
  let name = n === 0 ? base : `${base}${n + 1}`
  while (account.userNames.has(name)) name = `${base}${++n + 1}`
  account.nameCounts.set(base, n + 1)
  account.userNames.add(name)
  return name
}

/** @param {any} user @param {any} account @param {string} edge */
function applyEdge(user, account, edge) {
  const groupWith = (/** @type {string} */ mechanism) => account.groups.find((/** @type {any} */ g) => g.mechanism === mechanism).groupName
  const customer = (/** @type {string} */ name, path = '/') => ({ policyName: name, policyArn: `arn:aws:iam::${account.id}:policy${path}${name}` })
  const addGroup = (/** @type {string} */ g) => void (user.groups.includes(g) || user.groups.push(g))
  switch (edge) {
    case 'adminDirect': return void user.managed.push(awsManaged('AdministratorAccess'))
    case 'adminViaGroup': return addGroup(groupWith('managedAdmin'))
    case 'adminInlineUser': return void user.inline.push({ policyName: 'AdminInline', doc: DOC.adminStar })
    case 'adminInlineGroup': return addGroup(groupWith('inlineAdmin'))
    case 'adminCustomerUser': return void user.managed.push(customer('OrgAdmin', '/admin/'))
    case 'adminCustomerGroup': return addGroup(groupWith('customerAdmin'))
    case 'adminStarColonList': return void user.inline.push({ policyName: 'EverythingList', doc: DOC.adminStarColon })
    case 'adminOtherPartition': return void user.managed.push({ policyName: 'AdministratorAccess', policyArn: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess' })
    case 'nearNotAction': return void user.inline.push({ policyName: 'AllButIam', doc: DOC.notAction })
    case 'nearNotResource': return void user.inline.push({ policyName: 'AllButProtectedRoles', doc: DOC.notResource })
    case 'nearCondition': return void user.managed.push(customer('BreakGlass'))
    case 'nearNonDefaultVersion': return void user.managed.push(customer('LegacyAdmin'))
    case 'nearLookalike': return void user.managed.push(customer('AdministratorAccess'))
    case 'nearScoped': return void user.inline.push({ policyName: 'SandboxEverything', doc: DOC.scopedStar })
    case 'nearMissGroup': return addGroup(groupWith('nearMiss'))
    case 'singleObjectList': return void ((user.managed = [user.managed[0] ?? awsManaged('IAMUserChangePassword')]), (user.quirks.singleObjectList = true))
    case 'deleted': return void (user.deleted = true)
    case 'deletedStaleAlive': return void ((user.deleted = true), (user.quirks.dup = 'older'))
    case 'dupRegionOlder': return void (user.quirks.dup = 'older')
    case 'dupRegionNewer': return void (user.quirks.dup = 'newer')
    default:
      if (edge in EDGE_USER_NAMES) {
        account.userNames.delete(user.userName)
        user.userName = uniqueName(account, EDGE_USER_NAMES[/** @type {'nameAt'} */ (edge)])
      } else user.quirks[edge] = true
  }
}

/** @param {any} user @param {any} account @param {boolean} stale */
function userConfiguration(user, account, stale) {
  const groups = stale ? user.groups.slice(0, -1) : user.groups
  const tags = stale ? user.tags.slice(0, -1) : user.tags
  const managed = user.managed.map((/** @type {any} */ m) => ({ policyArn: m.policyArn, policyName: m.policyName }))
  return {
    path: user.path,
    userName: user.userName,
    userId: user.userId,
    arn: `arn:aws:iam::${account.id}:user${user.path}${user.userName}`,
    createDate: user.createDate,
    userPolicyList: user.inline.map((/** @type {any} */ p) => ({ policyDocument: encodeDocument(p.doc), policyName: p.policyName })),
    groupList: [...groups],
    attachedManagedPolicies: user.quirks.singleObjectList && managed.length === 1 ? managed[0] : managed,
    permissionsBoundary: user.boundary ? { permissionsBoundaryType: 'PermissionsBoundaryPolicy', permissionsBoundaryArn: user.boundary } : null,
    tags: tags.map((/** @type {any} */ t) => ({ key: t.key, value: t.value }))
  }
}

/** @param {any} model @returns {any[]} */
function render(model) {
  const [home, other] = [model.regions[0], model.regions[1] ?? 'us-east-1']
  const items = []
  for (const account of model.accounts) {
    const meta = (/** @type {string} */ type, /** @type {string} */ id, /** @type {string} */ name, /** @type {string} */ arn, /** @type {string} */ created, /** @type {string} */ captured) => ({
      version: '1.3', accountId: account.id, configurationItemCaptureTime: captured, configurationItemStatus: 'OK', resourceType: type,
      resourceId: id, resourceName: name, arn, awsRegion: home, availabilityZone: 'Not Applicable', resourceCreationTime: created
    })
    for (const p of account.policies) {
      const versions = p.versions.map((/** @type {object} */ doc, /** @type {number} */ k) => ({ document: encodeDocument(doc), versionId: `v${k + 1}`, isDefaultVersion: k === p.versions.length - 1, createDate: p.createDate }))
      const configuration = { policyName: p.policyName, policyId: p.policyId, arn: p.arn, path: p.path, defaultVersionId: `v${p.versions.length}`, isAttachable: true, createDate: p.createDate, updateDate: p.createDate, policyVersionList: versions }
      items.push({ ...meta('AWS::IAM::Policy', p.policyId, p.policyName, p.arn, p.createDate, p.captureTime), configuration, supplementaryConfiguration: {}, tags: [] })
    }
    for (const g of account.groups) {
      const arn = `arn:aws:iam::${account.id}:group/${g.groupName}`
      const configuration = {
        path: '/', groupName: g.groupName, groupId: g.groupId, arn, createDate: g.createDate,
        groupPolicyList: g.inline.map((/** @type {any} */ p) => ({ policyName: p.policyName, policyDocument: encodeDocument(p.doc) })),
        attachedManagedPolicies: g.managed.map((/** @type {any} */ m) => ({ policyArn: m.policyArn, policyName: m.policyName }))
      }
      items.push({ ...meta('AWS::IAM::Group', g.groupId, g.groupName, arn, g.createDate, g.captureTime), configuration, supplementaryConfiguration: {}, tags: [] })
    }
    for (const u of account.users) {
      const arn = `arn:aws:iam::${account.id}:user${u.path}${u.userName}`
      const live = (/** @type {boolean} */ stale, /** @type {string} */ captured, /** @type {string} */ region) => {
        const configuration = userConfiguration(u, account, stale)
        const listTags = configuration.tags.map(t => ({ tag: `${t.key}=${t.value}`, value: t.value, key: t.key }))
        const tags = u.quirks.tagsEmptyMap ? {} : u.quirks.tagsMap ? Object.fromEntries(configuration.tags.map(t => [t.key, t.value])) : listTags
        return { ...meta('AWS::IAM::User', u.userId, u.userName, arn, u.createDate, captured), awsRegion: region, configuration: u.quirks.configString ? JSON.stringify(configuration) : configuration, supplementaryConfiguration: {}, tags }
      }
      const staleAt = isoMs(Date.parse(u.captureTime) - 3600000 * (1 + (u.userId.charCodeAt(5) % 72)))
      if (u.deleted) {
        items.push({ ...meta('AWS::IAM::User', u.userId, u.userName, arn, u.createDate, u.captureTime), configurationItemStatus: 'ResourceDeleted', configuration: null, supplementaryConfiguration: {}, tags: {} })
        // An alive, older copy recorded in another region, listed after the deletion.
        if (u.quirks.dup) items.push(live(false, staleAt, other))
      } else if (u.quirks.dup === 'newer') {
        items.push(live(true, staleAt, home), live(false, u.captureTime, other))
      } else {
        items.push(live(false, u.captureTime, home))
        if (u.quirks.dup === 'older') items.push(live(true, staleAt, other))
      }
    }
  }
  return items
}

/** @param {any} model */
function toOrg(model) {
  const org = {
    seed: model.seed,
    now: isoMs(model.now),
    accounts: model.accounts.map((/** @type {any} */ a) => ({ id: a.id, name: a.name, email: a.email })),
    items: render(model)
  }
  Object.defineProperty(org, 'model', { value: model })
  return org
}

/**
 * @param {{ seed?: number, accounts?: number, usersPerAccount?: number, regions?: string[], edgeRate?: number,
 *   edgeCases?: boolean, now?: string }} [options]
 *   regions: awsRegion values IAM items are recorded under; the first is every item's, the second
 *   is used for users recorded twice. edgeCases: plant every USER_EDGES case (and edge account
 *   names) at least once when there are enough users/accounts. edgeRate: extra random edge cases.
 */
export function generateOrg(options = {}) {
  const { seed = 1, accounts = 5, usersPerAccount = 20, regions = ['global', 'us-east-1'], edgeRate = 0.02, edgeCases = true } = options
  const now = Date.parse(options.now ?? '2026-11-02T06:00:00.000Z')
  const r = random(seed)
  const ids = new Set()
  const model = { seed, now, regions, accounts: /** @type {any[]} */ ([]) }
  for (let k = 0; k < accounts; k++) {
    let id
    do id = String(100000000000 + r.int(899999999999))
    while (ids.has(id))
    ids.add(id)
    const name = k === 0 ? 'acme-management' : edgeCases && k <= EDGE_ACCOUNT_NAMES.length ? EDGE_ACCOUNT_NAMES[k - 1] : `${r.pick(TEAMS)}-${r.pick(ENVS)}-${String(k).padStart(3, '0')}`
    const created = now - (400 + r.int(2000)) * DAY
    const account = { id, name, email: `aws+${id}@acme.example`, groups: /** @type {any[]} */ ([]), policies: /** @type {any[]} */ ([]), users: /** @type {any[]} */ ([]) }
    Object.defineProperties(account, { userNames: { value: new Set(), configurable: true }, nameCounts: { value: new Map(), configurable: true } })
    account.policies = customerPolicies(id).map(p => ({ ...p, policyId: r.id('ANPA'), createDate: isoSec(created), captureTime: isoMs(created + r.int(DAY)) }))
    account.groups = groupTemplates(id, k).map(g => ({ ...g, groupId: r.id('AGPA'), createDate: isoSec(created), captureTime: isoMs(created + r.int(DAY)) }))
    index(account)
    for (let u = 0; u < usersPerAccount; u++) account.users.push(newUser(r, account, now))
    model.accounts.push(account)
  }
  const all = model.accounts.flatMap(a => a.users.map((/** @type {any} */ u) => [u, a]))
  if (edgeCases && all.length > 0) {
    const stride = Math.max(1, Math.floor(all.length / USER_EDGES.length))
    USER_EDGES.forEach((edge, e) => e * stride < all.length && applyEdge(all[e * stride][0], all[e * stride][1], edge))
  }
  for (const [u, a] of all) if (r.chance(edgeRate)) applyEdge(u, a, r.pick(USER_EDGES))
  return toOrg(model)
}

/** Live users with the expected admin verdict (SPEC §4), for asserting on a report. @param {any} org */
export function summarizeOrg(org) {
  const users = org.model.accounts.flatMap((/** @type {any} */ a) =>
    a.users.filter((/** @type {any} */ u) => !u.deleted).map((/** @type {any} */ u) => ({ accountId: a.id, accountName: a.name, userName: u.userName, userId: u.userId, isAdmin: userIsAdmin(u, a) }))
  )
  return { users, userCount: users.length, adminCount: users.filter((/** @type {any} */ u) => u.isAdmin).length, accountCount: new Set(users.map((/** @type {any} */ u) => u.accountId)).size }
}

/** @param {any} model */
function cloneModel(model) {
  const accounts = model.accounts.map((/** @type {any} */ a) => {
    const copy = { ...a, groups: a.groups, policies: a.policies, users: a.users.map((/** @type {any} */ u) => ({ ...u, groups: [...u.groups], managed: [...u.managed], inline: [...u.inline], tags: [...u.tags], quirks: { ...u.quirks } })) }
    Object.defineProperties(copy, { userNames: { value: new Set(a.userNames), configurable: true }, nameCounts: { value: new Map(a.nameCounts), configurable: true } })
    return index(copy)
  })
  return { ...model, accounts }
}

/** First Monday of the month after `t`, same time of day. @param {number} t */
function nextFirstMonday(t) {
  const d = new Date(t)
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, d.getUTCHours(), d.getUTCMinutes())
  return first + ((8 - new Date(first).getUTCDay()) % 7) * DAY
}

/**
 * The same organization a month later. `changes` lists, by accountId + userName + userId: added
 * and removed users (a user deleted and re-created under the same name is in both, and in
 * `recreated`), users that became admin, and `changed`: every user still present whose report row
 * changes (becameAdmin included), with the model fields that changed.
 * @param {any} org @param {{ seed?: number }} [options]
 */
export function mutateOrg(org, options = {}) {
  const r = random((options.seed ?? 1) ^ 0x5eed)
  const model = cloneModel(org.model)
  const start = model.now
  model.now = nextFirstMonday(start)
  const within = () => isoMs(start + 1 + r.int(model.now - start - 1))
  const live = model.accounts.flatMap((/** @type {any} */ a) => a.users.filter((/** @type {any} */ u) => !u.deleted).map((/** @type {any} */ u) => ({ u, a })))
  // Partial Fisher–Yates: distinct random users in O(picked), not O(n²).
  const order = live.map((_, k) => k)
  let taken = 0
  const take = () => {
    if (taken >= order.length) return undefined
    const j = taken + r.int(order.length - taken)
    ;[order[taken], order[j]] = [order[j], order[taken]]
    return live[order[taken++]]
  }
  const ref = (/** @type {any} */ a, /** @type {any} */ u) => ({ accountId: a.id, userName: u.userName, userId: u.userId })
  const changes = { added: /** @type {any[]} */ ([]), removed: /** @type {any[]} */ ([]), recreated: /** @type {any[]} */ ([]), becameAdmin: /** @type {any[]} */ ([]), changed: /** @type {any[]} */ ([]) }
  const count = (/** @type {number} */ rate) => Math.max(1, Math.round(live.length * rate))
  const gone = new Set()

  const victim = take()
  if (victim) {
    const { u: old, a } = victim
    const generated = newUser(r, a, model.now, { createdAfter: start })
    a.userNames.delete(generated.userName)
    const fresh = { ...generated, userName: old.userName, groups: [...old.groups] }
    a.users.splice(a.users.indexOf(old), 1, fresh)
    changes.removed.push(ref(a, old))
    changes.added.push(ref(a, fresh))
    changes.recreated.push({ accountId: a.id, userName: old.userName, oldUserId: old.userId, newUserId: fresh.userId })
  }
  for (let k = 0; k < count(0.02); k++) {
    const pick = take()
    if (!pick) break
    changes.removed.push(ref(pick.a, pick.u))
    // Half vanish from Config, half stay as deletion items (`configuration: null`).
    if (k % 2 === 0) gone.add(pick.u)
    else Object.assign(pick.u, { deleted: true, captureTime: within() })
  }
  for (const a of model.accounts) if (a.users.some((/** @type {any} */ u) => gone.has(u))) a.users = a.users.filter((/** @type {any} */ u) => !gone.has(u))
  for (let k = 0; k < count(0.01); ) {
    const pick = take()
    if (!pick) break
    if (userIsAdmin(pick.u, pick.a)) continue
    // "Added to Admins", unless Admins is the near-miss group in this account.
    const group = pick.a.groupsByName.get('Admins').mechanism !== 'nearMiss' ? 'Admins' : pick.a.groups.find((/** @type {any} */ g) => g.mechanism === 'managedAdmin').groupName
    pick.u.groups.push(group)
    pick.u.captureTime = within()
    changes.becameAdmin.push(ref(pick.a, pick.u))
    changes.changed.push({ ...ref(pick.a, pick.u), fields: ['groups', 'is_admin'] })
    k++
  }
  for (let k = 0; k < count(0.02); k++) {
    const pick = take()
    if (!pick) break
    const { u, a } = pick
    const ops = [
      () => !u.managed.some((/** @type {any} */ m) => m.policyName === 'ReadOnlyAccess') && (u.managed.push(awsManaged('ReadOnlyAccess')), 'managed_policies'),
      () => !u.inline.some((/** @type {any} */ p) => p.policyName === 'QueueAccess') && (u.inline.push({ policyName: 'QueueAccess', doc: DOC.snsAll }), 'inline_policies'),
      () => !u.groups.includes('ReadOnly') && (u.groups.push('ReadOnly'), 'groups'),
      () => ((u.boundary = u.boundary ? null : `arn:aws:iam::${a.id}:policy/DeveloperBoundary`), 'permissions_boundary')
    ]
    let field = false
    for (let o = r.int(ops.length), tries = 0; !field && tries < ops.length; o = (o + 1) % ops.length, tries++) field = ops[o]()
    u.captureTime = within()
    changes.changed.push({ ...ref(a, u), fields: [field] })
  }
  const accounts = model.accounts
  for (let k = 0; k < count(0.03); k++) {
    const a = accounts[r.int(accounts.length)]
    const u = newUser(r, a, model.now, { createdAfter: start })
    a.users.push(u)
    changes.added.push(ref(a, u))
  }
  return Object.assign(toOrg(model), { changes })
}
