import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  IAMServiceException
} from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { readManagedPolicyDocuments } from '../../../src/aws/iam.js'

const iam = mockClient(IAMClient)
beforeEach(() => iam.reset())

const managed = (name: string, partition = 'aws') => `arn:${partition}:iam::aws:policy/${name}`
const allow = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }]
})
/** IAM sends documents URL-encoded, `*` included (RFC 3986). */
const encoded = (document: unknown) =>
  encodeURIComponent(JSON.stringify(document, null, 4)).replace(/\*/g, '%2A')

/** An SDK error of the query protocol: the model's name, IAM's wire code in `Code`. */
function iamError(name: string, code: string, status: number, message: string) {
  return Object.assign(
    new IAMServiceException({
      name,
      message,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status }
    }),
    { Code: code }
  )
}
const accessDenied = () =>
  iamError(
    'AccessDenied',
    'AccessDenied',
    403,
    'User: arn:aws:sts::111122223333:assumed-role/iam-user-report/iam-user-report is not authorized to perform: iam:GetPolicy'
  )

/** IAM serving `documents` by name, each at version v<n>. */
function serve(documents: Record<string, unknown>, partition = 'aws') {
  for (const [i, [name, document]] of Object.entries(documents).entries()) {
    const arn = managed(name, partition)
    iam
      .on(GetPolicyCommand, { PolicyArn: arn })
      .resolves({ Policy: { Arn: arn, DefaultVersionId: `v${i + 2}` } })
    iam
      .on(GetPolicyVersionCommand, { PolicyArn: arn, VersionId: `v${i + 2}` })
      .resolves({ PolicyVersion: { Document: encoded(document), VersionId: `v${i + 2}` } })
  }
}

const read = (arns: string[], log?: (message: string) => void) =>
  readManagedPolicyDocuments(new IAMClient({ region: 'us-east-1' }), arns, {
    concurrency: 4,
    sleep: () => Promise.resolve(),
    ...(log ? { log } : {})
  })

describe('readManagedPolicyDocuments', () => {
  it('reads the default version of each distinct AWS managed policy once, two calls each', async () => {
    serve({ IAMFullAccess: allow('iam:*'), 'job-function/ViewOnlyAccess': allow('iam:List*') })
    const { documents, denied } = await read([
      managed('IAMFullAccess'),
      'arn:aws:iam::111122223333:policy/CustomerManaged',
      managed('job-function/ViewOnlyAccess'),
      managed('IAMFullAccess')
    ])
    expect(denied).toBeUndefined()
    expect(documents).toEqual(
      new Map([
        [managed('IAMFullAccess'), { document: allow('iam:*') }],
        [managed('job-function/ViewOnlyAccess'), { document: allow('iam:List*') }]
      ])
    )
    const byArn = (a: { PolicyArn?: string }, b: { PolicyArn?: string }) =>
      String(a.PolicyArn).localeCompare(String(b.PolicyArn))
    const asked = <T extends { PolicyArn?: string }>(calls: { args: [{ input: T }] }[]) =>
      calls.map(call => call.args[0].input).sort(byArn)
    expect(asked(iam.commandCalls(GetPolicyCommand))).toEqual([
      { PolicyArn: managed('IAMFullAccess') },
      { PolicyArn: managed('job-function/ViewOnlyAccess') }
    ])
    expect(asked(iam.commandCalls(GetPolicyVersionCommand))).toEqual([
      { PolicyArn: managed('IAMFullAccess'), VersionId: 'v2' },
      { PolicyArn: managed('job-function/ViewOnlyAccess'), VersionId: 'v3' }
    ])
  })

  it('knows AdministratorAccess by its ARN, in any partition, without asking IAM', async () => {
    const { documents } = await read([
      managed('AdministratorAccess'),
      managed('AdministratorAccess', 'aws-us-gov')
    ])
    expect(iam.calls()).toHaveLength(0)
    for (const arn of [
      managed('AdministratorAccess'),
      managed('AdministratorAccess', 'aws-us-gov')
    ])
      expect(documents.get(arn)).toEqual({ document: allow('*') })
  })

  it('reads the policies of the partition the ARNs name', async () => {
    serve({ ReadOnlyAccess: allow('iam:Get*') }, 'aws-cn')
    const { documents } = await read([managed('ReadOnlyAccess', 'aws-cn')])
    expect(documents.get(managed('ReadOnlyAccess', 'aws-cn'))).toEqual({
      document: allow('iam:Get*')
    })
  })

  it('stops on AccessDenied: nothing more is asked, and each policy not read says why', async () => {
    iam.on(GetPolicyCommand).rejects(accessDenied())
    const arns = ['A', 'B', 'C', 'D', 'E', 'F'].map(n => managed(n))
    const { documents, denied } = await readManagedPolicyDocuments(
      new IAMClient({ region: 'us-east-1' }),
      [...arns, managed('AdministratorAccess')],
      { concurrency: 1 }
    )
    expect(denied).toMatchObject({ name: 'AccessDenied' })
    expect(iam.commandCalls(GetPolicyCommand)).toHaveLength(1)
    expect(documents.get(managed('AdministratorAccess'))).toEqual({ document: allow('*') })
    for (const arn of arns)
      expect(documents.get(arn)).toEqual({
        reason: 'not read: IAM refused iam:GetPolicy or iam:GetPolicyVersion (AccessDenied)'
      })
  })

  it('stops on AccessDenied to GetPolicyVersion too', async () => {
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } })
    iam.on(GetPolicyVersionCommand).rejects(accessDenied())
    const { denied } = await read([managed('ReadOnlyAccess')])
    expect(denied).toMatchObject({ name: 'AccessDenied' })
  })

  it('retries throttling and 5xx answers, logging each attempt', async () => {
    const arn = managed('IAMFullAccess')
    iam
      .on(GetPolicyCommand)
      .rejectsOnce(iamError('Throttling', 'Throttling', 400, 'Rate exceeded'))
      .rejectsOnce(iamError('ServiceFailureException', 'ServiceFailure', 500, 'failure'))
      .resolves({ Policy: { DefaultVersionId: 'v2' } })
    iam
      .on(GetPolicyVersionCommand)
      .rejectsOnce(iamError('Throttling', 'Throttling', 400, 'Rate exceeded'))
      .resolves({ PolicyVersion: { Document: encoded(allow('iam:*')) } })
    const log: string[] = []
    const { documents } = await read([arn], m => log.push(m))
    expect(documents.get(arn)).toEqual({ document: allow('iam:*') })
    expect(iam.commandCalls(GetPolicyCommand)).toHaveLength(3)
    expect(iam.commandCalls(GetPolicyVersionCommand)).toHaveLength(2)
    expect(log).toEqual([
      expect.stringMatching(`^Retry GetPolicy ${arn}: attempt 1 of 6 failed: Rate exceeded`),
      expect.stringMatching(`^Retry GetPolicy ${arn}: attempt 2 of 6 failed: failure`),
      expect.stringMatching(`^Retry GetPolicyVersion ${arn}: attempt 1 of 6 failed: Rate exceeded`)
    ])
  })

  it('gives a policy IAM keeps throttling its reason after the last attempt', async () => {
    iam.on(GetPolicyCommand).rejects(iamError('Throttling', 'Throttling', 400, 'Rate exceeded'))
    const { documents, denied } = await read([managed('IAMFullAccess')])
    expect(iam.commandCalls(GetPolicyCommand)).toHaveLength(6)
    expect(denied).toBeUndefined()
    expect(documents.get(managed('IAMFullAccess'))).toEqual({
      reason: 'Throttling: Rate exceeded'
    })
  })

  it('gives a policy that does not decode, or does not exist, a reason and reads the others', async () => {
    serve({ ReadOnlyAccess: allow('iam:Get*') })
    iam
      .on(GetPolicyCommand, { PolicyArn: managed('Garbled') })
      .resolves({ Policy: { DefaultVersionId: 'v7' } })
    iam
      .on(GetPolicyVersionCommand, { PolicyArn: managed('Garbled') })
      .resolves({ PolicyVersion: { Document: '%7B%22Version%22%3A' } })
    iam
      .on(GetPolicyCommand, { PolicyArn: managed('Retired') })
      .rejects(
        iamError(
          'NoSuchEntityException',
          'NoSuchEntity',
          404,
          `Policy ${managed('Retired')} does not exist or is not attachable.`
        )
      )
    iam.on(GetPolicyCommand, { PolicyArn: managed('NoVersion') }).resolves({ Policy: {} })
    const { documents } = await read(
      ['Garbled', 'NoVersion', 'ReadOnlyAccess', 'Retired'].map(n => managed(n))
    )
    expect(Object.fromEntries(documents)).toEqual({
      [managed('Garbled')]: { reason: 'the document of version v7 is not URL-encoded JSON' },
      [managed('NoVersion')]: { reason: 'IAM GetPolicy answered no DefaultVersionId' },
      [managed('ReadOnlyAccess')]: { document: allow('iam:Get*') },
      [managed('Retired')]: {
        reason: `NoSuchEntity: Policy ${managed('Retired')} does not exist or is not attachable.`
      }
    })
  })
})
