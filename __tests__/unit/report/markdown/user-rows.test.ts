import { describe, expect, it } from '@jest/globals'
import { adminCell, describeChange } from '../../../../src/report/markdown/user-rows.js'
import { plainUser as user } from '../../../fixtures/plain-users.js'

describe('adminCell', () => {
  it('gives the reason a user is admin, in the emphasis the caller chose', () => {
    const admin = user({ is_admin: true, admin_reason: 'inline:all' })
    expect(adminCell(admin)).toBe('yes: `inline:all`')
    expect(adminCell(admin, '**yes**')).toBe('**yes**: `inline:all`')
    expect(adminCell(user())).toBe('no')
  })
})

describe('describeChange', () => {
  const base = user({
    groups: ['Dev'],
    managed_policies: ['ReadOnlyAccess'],
    managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess']
  })

  it('shows added and removed entries and is_admin before and after', () => {
    const after = { ...base, groups: ['Admins'], is_admin: true, admin_reason: 'x' }
    expect(describeChange({ before: base, after, fields: ['groups', 'is_admin'] })).toBe(
      'groups: +`Admins` \u2212`Dev`<br>is_admin: false → true'
    )
  })

  it('shows the ARNs when only the ARN of a same-named policy changed', () => {
    const after = {
      ...base,
      managed_policy_arns: ['arn:aws:iam::111111111111:policy/ReadOnlyAccess']
    }
    expect(describeChange({ before: base, after, fields: ['managed_policies'] })).toBe(
      'managed_policies: +`arn:aws:iam::111111111111:policy/ReadOnlyAccess` \u2212`arn:aws:iam::aws:policy/ReadOnlyAccess`'
    )
  })
})
