import { CSV_COLUMNS, toCsv } from '../../../src/report/csv.js'
import { report, userRecord } from '../../fixtures/report-records.js'

const HEADER =
  'account_id,account_name,user_name,user_id,arn,path,create_date,groups,managed_policies,inline_policies,group_managed_policies,group_inline_policies,permissions_boundary,is_admin,admin_reason,tags,config_captured_at'

describe('toCsv', () => {
  it('writes exactly the specified header', () => {
    expect(CSV_COLUMNS.join(',')).toBe(HEADER)
    expect(toCsv(report([]))).toBe(`${HEADER}\r\n`)
  })

  it('writes one CRLF-terminated row per user, lists joined with ; and quoted, is_admin as true/false', () => {
    const csv = toCsv(
      report([
        userRecord(),
        userRecord({ user_name: 'bob', is_admin: false, admin_reason: '', groups: [] })
      ])
    )
    expect(csv.split('\r\n')).toEqual([
      HEADER,
      '111111111111,platform-prod,alice,AIDAALICE,arn:aws:iam::111111111111:user/alice,/,2024-02-11T09:30:12Z,"Admins;Developers",ReadOnlyAccess,,Admins/AdministratorAccess,Developers/DeployLambdas,,true,group:Admins/managed:AdministratorAccess,"cost-center=42;team=platform",2026-10-31T22:10:05Z',
      '111111111111,platform-prod,bob,AIDAALICE,arn:aws:iam::111111111111:user/alice,/,2024-02-11T09:30:12Z,,ReadOnlyAccess,,Admins/AdministratorAccess,Developers/DeployLambdas,,false,,"cost-center=42;team=platform",2026-10-31T22:10:05Z',
      ''
    ])
  })

  it.each([
    ['a comma', 'Acme, Inc.', '"Acme, Inc."'],
    ['a double quote', 'The "prod" one', '"The ""prod"" one"'],
    ['a line feed', 'line1\nline2', '"line1\nline2"'],
    ['a carriage return inside', 'line1\rline2', '"line1\rline2"'],
    ['a CRLF', 'line1\r\nline2', '"line1\r\nline2"'],
    ['a semicolon', 'Zürich; Genève', '"Zürich; Genève"']
  ])('quotes a cell holding %s', (_what, accountName, expected) => {
    const row = toCsv(report([userRecord({ account_name: accountName })])).slice(HEADER.length + 2)
    expect(row.startsWith(`111111111111,${expected},alice,`)).toBe(true)
  })

  it('neutralises every cell, including account names, joined lists and tags', () => {
    const csv = toCsv(
      report([
        userRecord({
          account_name: '=HYPERLINK("http://evil")',
          user_name: '+cmd',
          groups: ['-group', 'safe'],
          tags: ['@owner=x'],
          inline_policies: []
        })
      ])
    )
    const row = csv.split('\r\n')[1]!
    expect(row).toContain(`,"'=HYPERLINK(""http://evil"")",'+cmd,`)
    expect(row).toContain(`,"'-group;safe",`)
    expect(row).toContain(`,'@owner=x,`)
  })
})

describe('formula neutralisation', () => {
  const cellOf = (userName: string): string =>
    toCsv(report([userRecord({ user_name: userName })]))
      .split('\r\n')[1]!
      .split(',')[2]!

  it.each(['=', '+', '-', '@', '\t'])('prefixes a cell that starts with %j', trigger => {
    expect(cellOf(`${trigger}1+1`)).toBe(`'${trigger}1+1`)
  })

  it('prefixes a cell that starts with a carriage return, then quotes it', () => {
    expect(cellOf('\r1+1')).toBe(`"'\r1+1"`)
  })

  it.each(['', 'alice', 'a=b', ' =1', "'quoted", '1-2'])('leaves %j as it is', value => {
    expect(cellOf(value)).toBe(value)
  })
})
