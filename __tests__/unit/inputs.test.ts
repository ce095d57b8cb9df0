import { getInputs } from '../../src/inputs.js'

const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

const base = { 'aws-region': 'us-east-1' }

describe('getInputs', () => {
  it('applies the documented defaults', () => {
    const inputs = getInputs(reader(base))
    expect(inputs).toMatchObject({
      awsRegion: 'us-east-1',
      roleToAssume: '',
      roleSessionName: 'iam-user-report',
      roleDurationSeconds: 900,
      audience: 'sts.amazonaws.com',
      aggregatorName: '',
      maxConcurrency: 4,
      accountNames: 'auto',
      escalationAnalysis: 'auto',
      s3Bucket: '',
      s3Prefix: 'iam-user-report/',
      // Not set at all is '' here; on a runner it is action.yml's default, iam-user-report.
      artifactName: '',
      artifactRetentionDays: undefined,
      createIssue: false,
      issueLabels: ['iam-user-report'],
      issueAssignees: [],
      scheduleDay: null,
      timezone: 'UTC'
    })
  })

  it('parses every input of a complete configuration', () => {
    const inputs = getInputs(
      reader({
        'aws-region': 'eu-central-1',
        'role-to-assume': 'arn:aws:iam::123456789012:role/path/iam-user-report',
        'role-session-name': 'report@org',
        'role-duration-seconds': '3600',
        'aggregator-name': 'org-aggregator',
        'max-concurrency': '12',
        'account-names': 'true',
        'escalation-analysis': 'false',
        's3-bucket': 'acme.security-reports',
        's3-prefix': 'iam/',
        's3-region': 'us-west-2',
        'expected-bucket-owner': '111122223333',
        'sse-kms-key-id':
          'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'artifact-retention-days': '30',
        'create-issue': 'True',
        'issue-labels': 'security, iam\naudit',
        'issue-assignees': '@octocat,hubot',
        'github-token': 'ghs_x',
        'schedule-day': 'first-monday',
        timezone: 'Europe/Berlin'
      })
    )
    expect(inputs).toMatchObject({
      roleDurationSeconds: 3600,
      maxConcurrency: 12,
      accountNames: 'true',
      escalationAnalysis: 'false',
      artifactRetentionDays: 30,
      createIssue: true,
      issueLabels: ['security', 'iam', 'audit'],
      issueAssignees: ['octocat', 'hubot'],
      scheduleDay: 'monday',
      timezone: 'Europe/Berlin'
    })
  })

  it.each([
    ['aws-region', '', /aws-region.*required/],
    ['aws-region', 'US-EAST-1', /aws-region.*'US-EAST-1'.*region code/],
    [
      'role-to-assume',
      'arn:aws:iam::123:role/x',
      /role-to-assume.*'arn:aws:iam::123:role\/x'.*role ARN/
    ],
    ['role-to-assume', 'my-role', /role-to-assume.*'my-role'/],
    ['role-session-name', 'a', /role-session-name.*'a'.*2-64/],
    ['role-session-name', 'has space', /role-session-name.*'has space'/],
    ['role-session-name', 'x'.repeat(65), /role-session-name.*2-64/],
    ['role-duration-seconds', '899', /role-duration-seconds.*'899'.*900 to 43200/],
    ['role-duration-seconds', '43201', /role-duration-seconds.*'43201'/],
    ['role-duration-seconds', '1h', /role-duration-seconds.*'1h'/],
    ['aggregator-name', 'org agg', /aggregator-name.*'org agg'/],
    ['max-concurrency', '0', /max-concurrency.*'0'.*1 to 32/],
    ['max-concurrency', '33', /max-concurrency.*'33'.*1 to 32/],
    ['max-concurrency', '2.5', /max-concurrency.*'2.5'/],
    ['account-names', 'yes', /account-names.*'yes'.*'true', 'false' or 'auto'/],
    [
      'escalation-analysis',
      'on',
      /^Input 'escalation-analysis' is not valid: 'on'\. Must be 'true', 'false' or 'auto'\.$/
    ],
    ['s3-bucket', 'My_Bucket', /s3-bucket.*'My_Bucket'.*S3 bucket name/],
    ['s3-bucket', 'ab', /s3-bucket.*'ab'/],
    ['s3-bucket', 'a..b', /s3-bucket.*'a..b'/],
    ['s3-bucket', '192.168.1.1', /s3-bucket.*'192.168.1.1'/],
    ['s3-prefix', '/reports/', /s3-prefix.*'\/reports\/'/],
    ['s3-region', 'mars-1', /s3-region.*'mars-1'/],
    ['expected-bucket-owner', '1234', /expected-bucket-owner.*'1234'.*12-digit/],
    ['sse-kms-key-id', 'not a key', /sse-kms-key-id.*'not a key'/],
    ['artifact-name', 'a/b', /artifact-name.*'a\/b'/],
    ['artifact-retention-days', '91', /artifact-retention-days.*'91'.*1 to 90/],
    ['artifact-retention-days', '0', /artifact-retention-days.*'0'/],
    ['create-issue', 'yes', /create-issue.*'yes'.*true or false/],
    ['issue-assignees', 'not a login!', /issue-assignees.*'not a login!'/],
    [
      'issue-assignees',
      'a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11',
      /issue-assignees.*'a1,a2,.*,a11'.*at most 10 .*got 11/
    ],
    ['schedule-day', 'first-funday', /schedule-day.*'first-funday'.*first-<weekday>/],
    ['schedule-day', 'monday', /schedule-day.*'monday'/],
    ['timezone', 'Mars/Olympus', /timezone.*'Mars\/Olympus'.*IANA/]
  ])('rejects %s = %p naming the input, the value and what is allowed', (name, value, message) => {
    expect(() => getInputs(reader({ ...base, [name]: value }))).toThrow(message)
  })

  it('takes as many as ten assignees, GitHub’s limit per issue', () => {
    const ten = Array.from({ length: 10 }, (_, k) => `lead${k}`)
    expect(
      getInputs(reader({ ...base, 'issue-assignees': ten.join('\n') })).issueAssignees
    ).toEqual(ten)
  })

  it('requires a github-token when create-issue is true', () => {
    expect(() => getInputs(reader({ ...base, 'create-issue': 'true' }))).toThrow(
      /github-token.*issues: write/
    )
  })

  it('accepts KMS key ids, aliases and alias ARNs', () => {
    for (const key of [
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'alias/reports',
      'arn:aws:kms:us-east-1:111122223333:alias/reports',
      'mrk-1234abcd12ab34cd56ef1234567890ab'
    ]) {
      expect(getInputs(reader({ ...base, 'sse-kms-key-id': key })).sseKmsKeyId).toBe(key)
    }
  })
})

describe('credential-report inputs', () => {
  const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

  it('takes a member role name and stale-days', () => {
    const inputs = getInputs(
      read({
        'aws-region': 'us-east-1',
        'member-role-name': 'audit/iam-user-report-member',
        'stale-days': '30'
      })
    )
    expect(inputs).toMatchObject({ memberRoleName: 'audit/iam-user-report-member', staleDays: 30 })
    expect(getInputs(read({ 'aws-region': 'us-east-1' }))).toMatchObject({
      memberRoleName: '',
      staleDays: 90
    })
  })

  it.each([
    ['member-role-name', 'arn:aws:iam::111111111111:role/member', /member-role-name.*not its ARN/],
    ['member-role-name', 'bad name', /member-role-name.*'bad name'.*IAM role name/],
    ['stale-days', '0', /stale-days.*'0'.*1 to 3650/]
  ])('rejects %s = %p', (name, value, message) => {
    expect(() => getInputs(read({ 'aws-region': 'us-east-1', [name]: value }))).toThrow(message)
  })
})

describe('region inputs', () => {
  const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

  it.each([
    'us-east-1',
    'us-gov-west-1',
    'cn-north-1',
    'us-iso-east-1',
    'us-isob-east-1',
    'eusc-de-east-1'
  ])('accepts the region %s, in every partition', region => {
    expect(getInputs(read({ 'aws-region': region })).awsRegion).toBe(region)
  })
})
