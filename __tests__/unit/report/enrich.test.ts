import { enrichReport, type CredentialRow } from '../../../src/report/credential-report.js'
import { toCsv } from '../../../src/report/csv.js'
import { toJson } from '../../../src/report/json.js'
import { plainReport, plainUser } from '../../fixtures/plain-users.js'

const key = { active: false, lastRotated: '', lastUsed: '' }
const row = (arn: string, over: Partial<CredentialRow> = {}): CredentialRow => ({
  user: 'x',
  arn,
  userCreationTime: '2024-01-01T00:00:00Z',
  passwordEnabled: true,
  passwordLastUsed: '2026-11-01T00:00:00Z',
  mfaActive: false,
  accessKey1: key,
  accessKey2: key,
  ...over
})

describe('enrichReport and the enriched files', () => {
  const alice = plainUser({ user_name: 'alice', create_date: '2024-01-01T00:00:00Z' })
  const bob = plainUser({
    user_name: 'bob',
    account_id: '222222222222',
    create_date: '2024-01-01T00:00:00Z'
  })
  const base = plainReport([alice, bob], '2026-12-01T00:00:00Z')
  const enriched = enrichReport(
    base,
    new Map([['111111111111', new Map([[alice.arn, row(alice.arn)]])]]),
    {
      staleDays: 90,
      failedAccounts: [{ accountId: '222222222222', reason: 'denied' }]
    }
  )

  it('matches rows by ARN within the account and leaves users of failed accounts without', () => {
    expect(enriched.users[0].enrichment).toMatchObject({
      password_enabled: true,
      mfa_active: false,
      days_inactive: 30,
      console_without_mfa: true,
      stale: false
    })
    expect(enriched.users[1].enrichment).toBeUndefined()
    expect(enriched.credentialReports?.failedAccounts).toHaveLength(1)
  })

  it('appends the 11 columns to the CSV, empty for users without a row', () => {
    const [header, first, second] = toCsv(enriched).split('\r\n')
    expect(header.split(',')).toHaveLength(28)
    expect(
      header.endsWith(
        ',config_captured_at,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used,last_activity,days_inactive'
      )
    ).toBe(true)
    expect(
      first.endsWith(',true,2026-11-01T00:00:00Z,false,false,,,false,,,2026-11-01T00:00:00Z,30')
    ).toBe(true)
    expect(second.endsWith(',,,,,,,,,,,')).toBe(true)
  })

  it('adds the fields to the JSON, null for users without a row, and leaves the plain report untouched', () => {
    const json = JSON.parse(toJson(enriched))
    expect(json.users[0]).toMatchObject({
      mfa_active: false,
      days_inactive: 30,
      last_activity: '2026-11-01T00:00:00Z'
    })
    expect(json.users[1].mfa_active).toBeNull()
    expect(json.credentialReports).toEqual({
      staleDays: 90,
      failedAccounts: [{ accountId: '222222222222', reason: 'denied' }]
    })
    expect(JSON.parse(toJson(base))).not.toHaveProperty('credentialReports')
    // One user per line, the credential-report fields after the others.
    const lines = toJson(enriched).split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[1]).toMatch(/"config_captured_at":.*"password_enabled":true/)
    expect(toCsv(base).split('\r\n')[0].endsWith(',config_captured_at')).toBe(true)
  })
})
