// Policy documents, group templates and an independent admin oracle for the sample organization.
// The oracle follows SPEC §4 so generated data carries its own expected answer.

const V = '2012-10-17'
/** @param {string} name */
export const awsManaged = name => ({
  policyName: name.split('/').at(-1) ?? name,
  policyArn: `arn:aws:iam::aws:policy/${name}`
})

/** Inline and customer-managed documents. Shared objects: never mutate them. */
export const DOC = Object.freeze({
  adminStar: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  // A single Statement object, list-valued Action/Resource, and `*:*`: still full admin.
  adminStarColon: {
    Version: V,
    Statement: {
      Sid: 'Everything',
      Effect: 'Allow',
      Action: ['s3:GetObject', '*:*'],
      Resource: ['arn:aws:s3:::acme-logs', '*']
    }
  },
  notAction: {
    Version: V,
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }
    ]
  },
  notResource: {
    Version: V,
    Statement: [{ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:iam::*:role/protected-*' }]
  },
  conditional: {
    Version: V,
    Statement: [
      {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
      }
    ]
  },
  scopedStar: {
    Version: V,
    Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::acme-sandbox/*' }]
  },
  s3Read: {
    Version: V,
    Statement: [
      {
        Sid: 'ReadReports',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::acme-reports', 'arn:aws:s3:::acme-reports/*']
      }
    ]
  },
  snsAll: { Version: V, Statement: [{ Effect: 'Allow', Action: ['sns:*'], Resource: ['*'] }] },
  deploy: {
    Version: V,
    Statement: [
      {
        Effect: 'Allow',
        Action: ['cloudformation:*', 's3:PutObject', 'lambda:UpdateFunctionCode'],
        Resource: '*'
      }
    ]
  },
  boundary: {
    Version: V,
    Statement: [
      { Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'logs:*', 'sns:*'], Resource: '*' }
    ]
  },
  denyAll: { Version: V, Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }
})

// Console-made policies arrive pretty-printed; API-made ones compact. Both are URL-encoded by Config.
const PRETTY = new Set([DOC.notAction, DOC.conditional, DOC.deploy])
/** @type {WeakMap<object, string>} */
const encoded = new WeakMap()
/** Config's encoding: RFC 3986 strict (`*` becomes `%2A`, spaces `%20`, never `+`). @param {object} doc */
export function encodeDocument(doc) {
  let text = encoded.get(doc)
  if (text === undefined) {
    const json = PRETTY.has(doc) ? JSON.stringify(doc, null, 4) : JSON.stringify(doc)
    text = encodeURIComponent(json).replace(
      /[!'()*]/g,
      c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
    )
    encoded.set(doc, text)
  }
  return text
}

/**
 * Customer managed policies every account has. `versions` is oldest first; the last is the default,
 * so LegacyAdmin's admin document sits in a non-default version (which must not count).
 * @param {string} accountId
 */
export function customerPolicies(accountId) {
  /** @param {string} name @param {object[]} versions @param {string} [path] */
  const policy = (name, versions, path = '/') => ({
    policyName: name,
    arn: `arn:aws:iam::${accountId}:policy${path}${name}`,
    path,
    versions
  })
  return [
    policy('DeployPolicy', [DOC.deploy]),
    policy('OrgAdmin', [DOC.adminStarColon], '/admin/'),
    policy('BreakGlass', [DOC.conditional]),
    policy('LegacyAdmin', [DOC.adminStar, DOC.s3Read]),
    // Named like the AWS managed policy but customer managed and harmless: recognised by ARN only.
    policy('AdministratorAccess', [DOC.snsAll]),
    policy('DeveloperBoundary', [DOC.boundary])
  ]
}

/** Groups whose policies rotate per account, so one group name means different things in different accounts. */
export const ROTATING_GROUPS = ['Admins', 'Ops', 'Platform', 'BreakGlass']
export const MECHANISMS = ['managedAdmin', 'customerAdmin', 'inlineAdmin', 'nearMiss']

/**
 * @param {string} accountId @param {number} accountIndex
 * @returns {{ groupName: string, mechanism: string, managed: { policyName: string, policyArn: string }[], inline: { policyName: string, doc: object }[] }[]}
 */
export function groupTemplates(accountId, accountIndex) {
  const customer = (/** @type {string} */ name, path = '/') => ({
    policyName: name,
    policyArn: `arn:aws:iam::${accountId}:policy${path}${name}`
  })
  const rotating = ROTATING_GROUPS.map((groupName, j) => {
    const mechanism = MECHANISMS[(j + accountIndex) % MECHANISMS.length]
    const body = {
      managedAdmin: { managed: [awsManaged('AdministratorAccess')], inline: [] },
      customerAdmin: { managed: [customer('OrgAdmin', '/admin/')], inline: [] },
      inlineAdmin: { managed: [], inline: [{ policyName: 'FullAccess', doc: DOC.adminStar }] },
      nearMiss: {
        managed: [customer('BreakGlass')],
        inline: [{ policyName: 'AlmostEverything', doc: DOC.notAction }]
      }
    }[mechanism]
    return { groupName, mechanism, ...body }
  })
  return [
    ...rotating,
    {
      groupName: 'Developers',
      mechanism: 'none',
      managed: [awsManaged('PowerUserAccess')],
      inline: [{ policyName: 'MfaEverything', doc: DOC.conditional }]
    },
    {
      groupName: 'ReadOnly',
      mechanism: 'none',
      managed: [awsManaged('ReadOnlyAccess')],
      inline: []
    },
    {
      groupName: 'Billing',
      mechanism: 'none',
      managed: [awsManaged('job-function/Billing')],
      inline: []
    }
  ]
}

/** @param {unknown} v @returns {any[]} */
const list = v => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])

/** SPEC §4: an unconditioned Allow of `*` (or `*:*`) on `*`; NotAction/NotResource never count. @param {any} doc */
export function documentIsAdmin(doc) {
  return list(doc?.Statement).some(
    s =>
      s?.Effect === 'Allow' &&
      s.NotAction === undefined &&
      s.NotResource === undefined &&
      (!s.Condition || Object.keys(s.Condition).length === 0) &&
      list(s.Action).some(a => a === '*' || a === '*:*') &&
      list(s.Resource).includes('*')
  )
}

const ADMIN_ARN = /^arn:aws[\w-]*:iam::aws:policy\/AdministratorAccess$/

/**
 * @param {{ managed: { policyArn: string }[], inline: { doc: object }[], groups: string[] }} user
 * @param {{ groupsByName: Map<string, any>, policiesByArn: Map<string, any> }} account
 */
export function userIsAdmin(user, account) {
  const managedAdmin = (/** @type {{ policyArn: string }} */ m) =>
    ADMIN_ARN.test(m.policyArn) ||
    documentIsAdmin(account.policiesByArn.get(m.policyArn)?.versions.at(-1))
  const inlineAdmin = (/** @type {{ doc: object }} */ p) => documentIsAdmin(p.doc)
  return (
    user.managed.some(managedAdmin) ||
    user.inline.some(inlineAdmin) ||
    user.groups.some(name => {
      const group = account.groupsByName.get(name)
      return (
        group !== undefined && (group.managed.some(managedAdmin) || group.inline.some(inlineAdmin))
      )
    })
  )
}
