import { describe, expect, it } from '@jest/globals'
import { describeChange } from '../../../../src/report/markdown/user-rows.js'
import type { UserRecord } from '../../../../src/report/types.js'

describe('describeChange', () => {
  const base: UserRecord = {
    account_id: '111111111111',
    account_name: 'prod',
    user_name: 'alice',
    user_id: 'AIDAALICE',
    arn: 'arn:aws:iam::111111111111:user/alice',
    path: '/',
    create_date: '2024-01-01T00:00:00Z',
    groups: ['Dev'],
    managed_policies: ['ReadOnlyAccess'],
    inline_policies: [],
    group_managed_policies: [],
    group_inline_policies: [],
    permissions_boundary: '',
    is_admin: false,
    admin_reason: '',
    tags: [],
    config_captured_at: '2026-10-31T00:00:00Z',
    managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess']
  }

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
