// Renders the sample organization's model as AWS Config items in the shapes that
// SelectAggregateResourceConfig returns (see shared/aws-samples), awkward ones included.
import { encodeDocument } from './org-policies.js'
import { isoMs } from './org-model.js'

/** @param {any} user @param {any} account @param {boolean} stale */
function userConfiguration(user, account, stale) {
  const groups = stale ? user.groups.slice(0, -1) : user.groups
  const tags = stale ? user.tags.slice(0, -1) : user.tags
  const managed = user.managed.map((/** @type {any} */ m) => ({
    policyArn: m.policyArn,
    policyName: m.policyName
  }))
  return {
    path: user.path,
    userName: user.userName,
    userId: user.userId,
    arn: `arn:aws:iam::${account.id}:user${user.path}${user.userName}`,
    createDate: user.createDate,
    userPolicyList: user.inline.map((/** @type {any} */ p) => ({
      policyDocument: encodeDocument(p.doc),
      policyName: p.policyName
    })),
    groupList: [...groups],
    attachedManagedPolicies:
      user.quirks.singleObjectList && managed.length === 1 ? managed[0] : managed,
    permissionsBoundary: user.boundary
      ? {
          permissionsBoundaryType: 'PermissionsBoundaryPolicy',
          permissionsBoundaryArn: user.boundary
        }
      : null,
    tags: tags.map((/** @type {any} */ t) => ({ key: t.key, value: t.value }))
  }
}

/** @param {any} model @returns {any[]} */
export function render(model) {
  const [home, other] = [model.regions[0], model.regions[1] ?? 'us-east-1']
  const items = []
  for (const account of model.accounts) {
    const meta = (
      /** @type {string} */ type,
      /** @type {string} */ id,
      /** @type {string} */ name,
      /** @type {string} */ arn,
      /** @type {string} */ created,
      /** @type {string} */ captured
    ) => ({
      version: '1.3',
      accountId: account.id,
      configurationItemCaptureTime: captured,
      configurationItemStatus: 'OK',
      resourceType: type,
      resourceId: id,
      resourceName: name,
      arn,
      awsRegion: home,
      availabilityZone: 'Not Applicable',
      resourceCreationTime: created
    })
    // Every real account has roles (OrganizationAccountAccessRole at least); `iamRecorded: false`
    // models an account whose recorder records no IAM, and `rolesOnly` one with no users.
    if (account.iamRecorded === false) continue
    const roleArn = `arn:aws:iam::${account.id}:role/OrganizationAccountAccessRole`
    items.push({
      ...meta(
        'AWS::IAM::Role',
        `AROA${account.id}`,
        'OrganizationAccountAccessRole',
        roleArn,
        '2020-01-01T00:00:00.000Z',
        '2020-01-01T00:00:00.000Z'
      ),
      configuration: { roleName: 'OrganizationAccountAccessRole', arn: roleArn, path: '/' },
      supplementaryConfiguration: {},
      tags: []
    })
    for (const p of account.policies) {
      const versions = p.versions.map((/** @type {object} */ doc, /** @type {number} */ k) => ({
        document: encodeDocument(doc),
        versionId: `v${k + 1}`,
        isDefaultVersion: k === p.versions.length - 1,
        createDate: p.createDate
      }))
      const configuration = {
        policyName: p.policyName,
        policyId: p.policyId,
        arn: p.arn,
        path: p.path,
        defaultVersionId: `v${p.versions.length}`,
        isAttachable: true,
        createDate: p.createDate,
        updateDate: p.createDate,
        policyVersionList: versions
      }
      items.push({
        ...meta('AWS::IAM::Policy', p.policyId, p.policyName, p.arn, p.createDate, p.captureTime),
        configuration,
        supplementaryConfiguration: {},
        tags: []
      })
    }
    for (const g of account.groups) {
      const arn = `arn:aws:iam::${account.id}:group/${g.groupName}`
      const configuration = {
        path: '/',
        groupName: g.groupName,
        groupId: g.groupId,
        arn,
        createDate: g.createDate,
        groupPolicyList: g.inline.map((/** @type {any} */ p) => ({
          policyName: p.policyName,
          policyDocument: encodeDocument(p.doc)
        })),
        attachedManagedPolicies: g.managed.map((/** @type {any} */ m) => ({
          policyArn: m.policyArn,
          policyName: m.policyName
        }))
      }
      items.push({
        ...meta('AWS::IAM::Group', g.groupId, g.groupName, arn, g.createDate, g.captureTime),
        configuration,
        supplementaryConfiguration: {},
        tags: []
      })
    }
    for (const u of account.users) {
      const arn = `arn:aws:iam::${account.id}:user${u.path}${u.userName}`
      const live = (
        /** @type {boolean} */ stale,
        /** @type {string} */ captured,
        /** @type {string} */ region
      ) => {
        const configuration = userConfiguration(u, account, stale)
        const listTags = configuration.tags.map(t => ({
          tag: `${t.key}=${t.value}`,
          value: t.value,
          key: t.key
        }))
        const tags = u.quirks.tagsEmptyMap
          ? {}
          : u.quirks.tagsMap
            ? Object.fromEntries(configuration.tags.map(t => [t.key, t.value]))
            : listTags
        return {
          ...meta('AWS::IAM::User', u.userId, u.userName, arn, u.createDate, captured),
          awsRegion: region,
          configuration: u.quirks.configString ? JSON.stringify(configuration) : configuration,
          supplementaryConfiguration: {},
          tags
        }
      }
      const staleAt = isoMs(
        Date.parse(u.captureTime) - 3600000 * (1 + (u.userId.charCodeAt(5) % 72))
      )
      if (u.deleted) {
        items.push({
          ...meta('AWS::IAM::User', u.userId, u.userName, arn, u.createDate, u.captureTime),
          configurationItemStatus: 'ResourceDeleted',
          configuration: null,
          supplementaryConfiguration: {},
          tags: {}
        })
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
