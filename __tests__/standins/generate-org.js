// Seeded sample AWS Organization rendered as AWS Config items (the shapes of shared/aws-samples),
// plus a "next month" mutation that reports what changed. Same seed, same bytes; linear time, so
// benchmarks can ask for 100,000 users.
import { DOC, awsManaged, customerPolicies, groupTemplates, userIsAdmin } from './org-policies.js'
import {
  DAY,
  EDGE_ACCOUNT_NAMES,
  ENVS,
  TEAMS,
  USER_EDGES,
  applyEdge,
  cloneModel,
  indexAccount,
  isoMs,
  isoSec,
  newUser,
  random
} from './org-model.js'
import { render } from './org-render.js'

export { USER_EDGES }

/** @param {any} model */
function toOrg(model) {
  const org = {
    seed: model.seed,
    now: isoMs(model.now),
    accounts: model.accounts.map((/** @type {any} */ a) => ({
      id: a.id,
      name: a.name,
      email: a.email
    })),
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
  const {
    seed = 1,
    accounts = 5,
    usersPerAccount = 20,
    regions = ['global', 'us-east-1'],
    edgeRate = 0.02,
    edgeCases = true
  } = options
  const now = Date.parse(options.now ?? '2026-11-02T06:00:00.000Z')
  const r = random(seed)
  const ids = new Set()
  const model = { seed, now, regions, accounts: /** @type {any[]} */ ([]) }
  for (let k = 0; k < accounts; k++) {
    let id
    do id = String(100000000000 + r.int(899999999999))
    while (ids.has(id))
    ids.add(id)
    const name =
      k === 0
        ? 'acme-management'
        : edgeCases && k <= EDGE_ACCOUNT_NAMES.length
          ? EDGE_ACCOUNT_NAMES[k - 1]
          : `${r.pick(TEAMS)}-${r.pick(ENVS)}-${String(k).padStart(3, '0')}`
    const created = now - (400 + r.int(2000)) * DAY
    const account = {
      id,
      name,
      email: `aws+${id}@acme.example`,
      groups: /** @type {any[]} */ ([]),
      policies: /** @type {any[]} */ ([]),
      users: /** @type {any[]} */ ([])
    }
    Object.defineProperties(account, {
      userNames: { value: new Set(), configurable: true },
      nameCounts: { value: new Map(), configurable: true }
    })
    account.policies = customerPolicies(id).map(p => ({
      ...p,
      policyId: r.id('ANPA'),
      createDate: isoSec(created),
      captureTime: isoMs(created + r.int(DAY))
    }))
    account.groups = groupTemplates(id, k).map(g => ({
      ...g,
      groupId: r.id('AGPA'),
      createDate: isoSec(created),
      captureTime: isoMs(created + r.int(DAY))
    }))
    indexAccount(account)
    for (let u = 0; u < usersPerAccount; u++) account.users.push(newUser(r, account, now))
    model.accounts.push(account)
  }
  const all = model.accounts.flatMap(a => a.users.map((/** @type {any} */ u) => [u, a]))
  if (edgeCases && all.length > 0) {
    const stride = Math.max(1, Math.floor(all.length / USER_EDGES.length))
    USER_EDGES.forEach(
      (edge, e) =>
        e * stride < all.length && applyEdge(all[e * stride][0], all[e * stride][1], edge)
    )
  }
  for (const [u, a] of all) if (r.chance(edgeRate)) applyEdge(u, a, r.pick(USER_EDGES))
  return toOrg(model)
}

/** Live users with the expected admin verdict (SPEC §4), for asserting on a report. @param {any} org */
export function summarizeOrg(org) {
  const users = org.model.accounts.flatMap((/** @type {any} */ a) =>
    a.users
      .filter((/** @type {any} */ u) => !u.deleted)
      .map((/** @type {any} */ u) => ({
        accountId: a.id,
        accountName: a.name,
        userName: u.userName,
        userId: u.userId,
        isAdmin: userIsAdmin(u, a)
      }))
  )
  return {
    users,
    userCount: users.length,
    adminCount: users.filter((/** @type {any} */ u) => u.isAdmin).length,
    accountCount: new Set(users.map((/** @type {any} */ u) => u.accountId)).size
  }
}

/** First Monday of the month after `t`, same time of day. @param {number} t */
function nextFirstMonday(t) {
  const d = new Date(t)
  const first = Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    1,
    d.getUTCHours(),
    d.getUTCMinutes()
  )
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
  const live = model.accounts.flatMap((/** @type {any} */ a) =>
    a.users.filter((/** @type {any} */ u) => !u.deleted).map((/** @type {any} */ u) => ({ u, a }))
  )
  // Partial Fisher–Yates: distinct random users in O(picked), not O(n²).
  const order = live.map((_, k) => k)
  let taken = 0
  const take = () => {
    if (taken >= order.length) return undefined
    const j = taken + r.int(order.length - taken)
    ;[order[taken], order[j]] = [order[j], order[taken]]
    return live[order[taken++]]
  }
  const ref = (/** @type {any} */ a, /** @type {any} */ u) => ({
    accountId: a.id,
    userName: u.userName,
    userId: u.userId
  })
  const changes = {
    added: /** @type {any[]} */ ([]),
    removed: /** @type {any[]} */ ([]),
    recreated: /** @type {any[]} */ ([]),
    becameAdmin: /** @type {any[]} */ ([]),
    changed: /** @type {any[]} */ ([])
  }
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
    changes.recreated.push({
      accountId: a.id,
      userName: old.userName,
      oldUserId: old.userId,
      newUserId: fresh.userId
    })
  }
  for (let k = 0; k < count(0.02); k++) {
    const pick = take()
    if (!pick) break
    changes.removed.push(ref(pick.a, pick.u))
    // Half vanish from Config, half stay as deletion items (`configuration: null`).
    if (k % 2 === 0) gone.add(pick.u)
    else Object.assign(pick.u, { deleted: true, captureTime: within() })
  }
  for (const a of model.accounts)
    if (a.users.some((/** @type {any} */ u) => gone.has(u)))
      a.users = a.users.filter((/** @type {any} */ u) => !gone.has(u))
  for (let k = 0; k < count(0.01);) {
    const pick = take()
    if (!pick) break
    if (userIsAdmin(pick.u, pick.a)) continue
    // "Added to Admins", unless Admins is the near-miss group in this account.
    const group =
      pick.a.groupsByName.get('Admins').mechanism !== 'nearMiss'
        ? 'Admins'
        : pick.a.groups.find((/** @type {any} */ g) => g.mechanism === 'managedAdmin').groupName
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
      () =>
        !u.managed.some((/** @type {any} */ m) => m.policyName === 'ReadOnlyAccess') &&
        (u.managed.push(awsManaged('ReadOnlyAccess')), 'managed_policies'),
      () =>
        !u.inline.some((/** @type {any} */ p) => p.policyName === 'QueueAccess') &&
        (u.inline.push({ policyName: 'QueueAccess', doc: DOC.snsAll }), 'inline_policies'),
      () => !u.groups.includes('ReadOnly') && (u.groups.push('ReadOnly'), 'groups'),
      () => (
        (u.boundary = u.boundary ? null : `arn:aws:iam::${a.id}:policy/DeveloperBoundary`),
        'permissions_boundary'
      )
    ]
    let field = false
    for (
      let o = r.int(ops.length), tries = 0;
      !field && tries < ops.length;
      o = (o + 1) % ops.length, tries++
    )
      field = ops[o]()
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
