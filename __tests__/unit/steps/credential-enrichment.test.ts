import { partitionOf } from '../../../src/steps/credential-reports.js'
import { report, userRecord } from '../../fixtures/report-records.js'

describe('partitionOf', () => {
  it.each([
    ['arn:aws:iam::111111111111:user/alice', 'aws'],
    ['arn:aws-cn:iam::111111111111:user/alice', 'aws-cn'],
    ['arn:aws-us-gov:iam::111111111111:user/alice', 'aws-us-gov'],
    ['arn:aws-iso-b:iam::111111111111:user/alice', 'aws-iso-b'],
    ['arn:aws-eusc:iam::111111111111:user/alice', 'aws-eusc']
  ])('reads the member roles’ partition from the users’ ARNs: %s', (arn, partition) => {
    expect(partitionOf(report([userRecord({ arn })]))).toBe(partition)
  })

  it('falls back to aws for a report without users', () => {
    expect(partitionOf(report([]))).toBe('aws')
  })
})
