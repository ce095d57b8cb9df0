import { reportKeys } from '../../../src/report/s3-keys.js'

describe('reportKeys', () => {
  const now = new Date('2026-11-02T09:05:07.890Z')

  it('dates the report keys to the second, without colons', () => {
    expect(reportKeys('iam-user-report/', now)).toEqual({
      csv: 'iam-user-report/reports/2026-11-02T090507Z.csv',
      json: 'iam-user-report/reports/2026-11-02T090507Z.json',
      latestCsv: 'iam-user-report/latest.csv',
      latestJson: 'iam-user-report/latest.json'
    })
  })

  it('uses an empty prefix as the bucket root', () => {
    expect(reportKeys('', now)).toEqual({
      csv: 'reports/2026-11-02T090507Z.csv',
      json: 'reports/2026-11-02T090507Z.json',
      latestCsv: 'latest.csv',
      latestJson: 'latest.json'
    })
  })

  it('uses a prefix as given', () => {
    expect(reportKeys('security/iam-', now).latestJson).toBe('security/iam-latest.json')
  })
})
