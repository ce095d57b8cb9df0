import {
  ENRICHMENT_COLUMNS,
  enrichmentCells,
  enrichmentFor,
  parseCredentialReport,
  type CredentialRow
} from '../../../src/report/credential-report.js'

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated'
const ROOT =
  '<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,2025-04-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A'
const ALICE =
  'alice,arn:aws:iam::123456789012:user/alice,2024-01-10T08:00:00+00:00,true,2025-04-30T04:47:16+00:00,2024-06-01T00:00:00+00:00,N/A,false,true,2024-02-01T00:00:00+00:00,2025-05-01T12:00:00+00:00,us-east-1,s3,false,2023-01-01T00:00:00+00:00,2023-02-01T00:00:00+00:00,eu-west-1,ec2,false,N/A,false,N/A'
const BOB =
  'bob,arn:aws:iam::123456789012:user/ops/bob,2024-03-01T00:00:00+00:00,true,no_information,2024-03-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A'

const NOW = new Date('2025-06-01T00:00:00Z')
const DAY = 86_400_000
const daysBefore = (days: number, base = NOW) =>
  new Date(base.getTime() - days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z')

function row(overrides: Partial<CredentialRow> = {}): CredentialRow {
  const noKey = { active: false, lastRotated: '', lastUsed: '' }
  return {
    user: 'u',
    arn: 'arn:aws:iam::123456789012:user/u',
    userCreationTime: daysBefore(400),
    passwordEnabled: false,
    passwordLastUsed: '',
    mfaActive: false,
    accessKey1: noKey,
    accessKey2: noKey,
    ...overrides
  }
}

describe('parseCredentialReport', () => {
  it('drops the root row and normalises +00:00 dates to Z', () => {
    const rows = parseCredentialReport([HEADER, ROOT, ALICE, BOB].join('\n') + '\n')
    expect(rows.map(r => r.user)).toEqual(['alice', 'bob'])
    expect(rows[0]).toEqual({
      user: 'alice',
      arn: 'arn:aws:iam::123456789012:user/alice',
      userCreationTime: '2024-01-10T08:00:00Z',
      passwordEnabled: true,
      passwordLastUsed: '2025-04-30T04:47:16Z',
      mfaActive: false,
      accessKey1: {
        active: true,
        lastRotated: '2024-02-01T00:00:00Z',
        lastUsed: '2025-05-01T12:00:00Z'
      },
      accessKey2: {
        active: false,
        lastRotated: '2023-01-01T00:00:00Z',
        lastUsed: '2023-02-01T00:00:00Z'
      }
    })
  })

  it('reads N/A, no_information and not_supported as no date', () => {
    const [bob] = parseCredentialReport(`${HEADER}\n${BOB}\n`)
    expect(bob.passwordLastUsed).toBe('')
    expect(bob.accessKey1).toEqual({ active: false, lastRotated: '', lastUsed: '' })
    const odd = BOB.replace('no_information', 'not_supported')
    expect(parseCredentialReport(`${HEADER}\n${odd}`)[0].passwordLastUsed).toBe('')
  })

  it('reads quoted names (IAM allows commas) and columns in any order', () => {
    const csv =
      'arn,user,password_enabled,password_last_used,mfa_active,user_creation_time,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,new_column\r\n' +
      '"arn:aws:iam::1:user/a,b","a,b",true,N/A,true,2024-01-01T00:00:00+00:00,false,N/A,N/A,false,N/A,N/A,"x ""y"""\r\n'
    const [r] = parseCredentialReport(csv)
    expect(r.user).toBe('a,b')
    expect(r.arn).toBe('arn:aws:iam::1:user/a,b')
    expect(r.mfaActive).toBe(true)
  })

  it('reads a byte order mark, CRLF line ends, blank lines and a last row without a newline', () => {
    const csv = `\ufeff${HEADER}\r\n\r\n${ALICE}\r\n\r\n${BOB}`
    expect(parseCredentialReport(csv).map(r => r.user)).toEqual(['alice', 'bob'])
  })

  it('reads a quoted cell holding a line break as one cell', () => {
    const csv = `${HEADER}\n${ALICE.replace(',us-east-1,', ',"us-east-1\nsomewhere",')}\n${BOB}\n`
    expect(parseCredentialReport(csv).map(r => r.user)).toEqual(['alice', 'bob'])
  })

  it('rejects a quote that is never closed', () => {
    expect(() => parseCredentialReport(`${HEADER}\n"alice,${ALICE}\n`)).toThrow(/Quote Not Closed/)
  })

  it('names the missing column of a document that is not a credential report', () => {
    expect(() => parseCredentialReport('user,arn\nalice,arn:aws:iam::1:user/alice\n')).toThrow(
      "the credential report has no 'user_creation_time' column"
    )
    expect(() => parseCredentialReport('')).toThrow('the credential report is empty')
  })
})

describe('enrichmentFor', () => {
  it('takes the latest of password and key use as last activity', () => {
    const [alice] = parseCredentialReport(`${HEADER}\n${ALICE}\n`)
    const e = enrichmentFor(alice, '2024-01-10T08:00:00Z', NOW, 90)
    expect(e.last_activity).toBe('2025-05-01T12:00:00Z')
    expect(e.days_inactive).toBe(30)
    expect(e.stale).toBe(false)
    expect(e.console_without_mfa).toBe(true)
    expect(enrichmentCells(e)).toEqual([
      'true',
      '2025-04-30T04:47:16Z',
      'false',
      'true',
      '2024-02-01T00:00:00Z',
      '2025-05-01T12:00:00Z',
      'false',
      '2023-01-01T00:00:00Z',
      '2023-02-01T00:00:00Z',
      '2025-05-01T12:00:00Z',
      '30'
    ])
  })

  it('is not stale at exactly staleDays days of inactivity, and stale one day later', () => {
    const used = (days: number) =>
      row({ passwordEnabled: true, mfaActive: true, passwordLastUsed: daysBefore(days) })
    expect(enrichmentFor(used(90), daysBefore(400), NOW, 90)).toMatchObject({
      days_inactive: 90,
      stale: false
    })
    expect(enrichmentFor(used(91), daysBefore(400), NOW, 90)).toMatchObject({
      days_inactive: 91,
      stale: true
    })
  })

  it('counts a never active user from its creation: stale when old, not when new', () => {
    const never = row({ accessKey1: { active: true, lastRotated: daysBefore(10), lastUsed: '' } })
    expect(enrichmentFor(never, daysBefore(200), NOW, 90)).toMatchObject({
      last_activity: '',
      days_inactive: 200,
      stale: true
    })
    expect(enrichmentFor(never, daysBefore(30), NOW, 90)).toMatchObject({
      days_inactive: 30,
      stale: false
    })
    expect(enrichmentFor(never, daysBefore(90), NOW, 90).stale).toBe(false)
  })

  it("falls back to the report's creation time when the report has no create date", () => {
    const never = row({ userCreationTime: daysBefore(120) })
    expect(enrichmentFor(never, '', NOW, 90)).toMatchObject({ days_inactive: 120, stale: true })
  })

  it('flags console users without MFA only', () => {
    const flag = (passwordEnabled: boolean, mfaActive: boolean) =>
      enrichmentFor(row({ passwordEnabled, mfaActive }), daysBefore(5), NOW, 90).console_without_mfa
    expect([flag(true, false), flag(true, true), flag(false, false), flag(false, true)]).toEqual([
      true,
      false,
      false,
      false
    ])
  })

  it('renders a user without a credential report row as empty cells', () => {
    expect(ENRICHMENT_COLUMNS).toHaveLength(11)
    expect(enrichmentCells(undefined)).toEqual(Array(11).fill(''))
  })
})
