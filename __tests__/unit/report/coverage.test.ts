import { assessCoverage, withoutLostAccounts } from '../../../src/report/coverage.js'
import { report, userRecord } from '../../fixtures/report-records.js'

const A = '111111111111'
const B = '222222222222'
const C = '333333333333'
const org = [
  { id: A, name: 'prod', state: 'ACTIVE' },
  { id: B, name: 'staging', state: 'ACTIVE' },
  { id: C, name: 'closing', state: 'SUSPENDED' }
]
const baseline = report([
  userRecord({ account_id: A, user_id: 'AIDA1' }),
  userRecord({ account_id: B, account_name: 'staging', user_id: 'AIDA2' }),
  userRecord({ account_id: B, account_name: 'staging', user_id: 'AIDA3' })
])

describe('assessCoverage', () => {
  it('lists the ACTIVE accounts with no IAM data, in id order, and not the suspended ones', () => {
    const coverage = assessCoverage(new Set([A]), org, null)
    expect(coverage.uncovered).toEqual([
      { id: B, name: 'staging', cause: expect.stringMatching(/does not record IAM/) }
    ])
  })

  it('counts an account with roles only as covered', () => {
    // The caller adds accounts whose only IAM resources are roles to `covered`.
    expect(assessCoverage(new Set([A, B]), org, null).uncovered).toEqual([])
  })

  it('says an account that had users at the baseline lost its data, with its user count', () => {
    const coverage = assessCoverage(new Set([A]), org, baseline)
    expect(coverage.lost).toEqual([{ id: B, name: 'staging', baselineUsers: 2 }])
    expect(coverage.uncovered?.[0]?.cause).toMatch(/aggregator lost this account's data/)
  })

  it('treats an account that left the organization as ordinary removals', () => {
    const coverage = assessCoverage(new Set([A]), org.slice(0, 1), baseline)
    expect(coverage.lost).toEqual([])
  })

  it('counts every uncovered account with baseline users as lost when Organizations is unknown', () => {
    const coverage = assessCoverage(new Set([A]), null, baseline)
    expect(coverage.uncovered).toBeNull()
    expect(coverage.lost.map(a => a.id)).toEqual([B])
  })

  it('finds nothing lost on a first report', () => {
    expect(assessCoverage(new Set(), org, null).lost).toEqual([])
  })
})

describe('withoutLostAccounts', () => {
  it('drops the users of lost accounts from the baseline, so the diff does not call them removed', () => {
    const coverage = assessCoverage(new Set([A]), org, baseline)
    expect(withoutLostAccounts(baseline, coverage)?.users.map(u => u.user_id)).toEqual(['AIDA1'])
  })

  it('keeps the baseline as it is when nothing was lost', () => {
    const coverage = assessCoverage(new Set([A, B]), org, baseline)
    expect(withoutLostAccounts(baseline, coverage)).toBe(baseline)
  })
})
