import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  IAMServiceException
} from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import type { AutoMode } from '../../../src/inputs.js'
import { readAwsManagedPolicies } from '../../../src/steps/managed-policies.js'

const iam = mockClient(IAMClient)
beforeEach(() => iam.reset())

const managed = (name: string, partition = 'aws') => `arn:${partition}:iam::aws:policy/${name}`
const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*' }] }
const accessDenied = Object.assign(
  new IAMServiceException({
    name: 'AccessDenied',
    message: 'User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 }
  }),
  { Code: 'AccessDenied' }
)

async function run(arns: string[], mode: AutoMode) {
  const warnings: string[] = []
  const documents = await readAwsManagedPolicies(new IAMClient({}), arns, mode, {
    warn: m => warnings.push(m),
    log: () => {},
    sleep: () => Promise.resolve()
  })
  return { documents, warnings }
}

describe('readAwsManagedPolicies', () => {
  it('reads the AWS managed policies the report references, without a warning', async () => {
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v3' } })
    iam
      .on(GetPolicyVersionCommand)
      .resolves({ PolicyVersion: { Document: encodeURIComponent(JSON.stringify(document)) } })
    for (const mode of ['auto', 'true'] as const) {
      const { documents, warnings } = await run(
        [managed('ReadOnlyAccess'), 'arn:aws:iam::111122223333:policy/Mine'],
        mode
      )
      expect(documents).toEqual(new Map([[managed('ReadOnlyAccess'), { document }]]))
      expect(warnings).toEqual([])
    }
  })

  it('asks IAM nothing when escalation-analysis is false', async () => {
    expect(await run([managed('ReadOnlyAccess')], 'false')).toEqual({
      documents: null,
      warnings: []
    })
    expect(iam.calls()).toHaveLength(0)
  })

  it('auto carries on after AccessDenied with one warning naming the permissions it lacks', async () => {
    iam.on(GetPolicyCommand).rejects(accessDenied)
    const { documents, warnings } = await run(
      [managed('A'), managed('B'), managed('AdministratorAccess')],
      'auto'
    )
    expect(warnings).toEqual([
      'Escalation through AWS managed policies is not judged: IAM refused to read their documents (AccessDenied: User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized). Allow iam:GetPolicy and iam:GetPolicyVersion on arn:aws:iam::aws:policy/*, or set escalation-analysis: false to silence this.'
    ])
    expect([...documents!.keys()]).toEqual([
      managed('A'),
      managed('AdministratorAccess'),
      managed('B')
    ])
    expect(documents!.get(managed('A'))).toHaveProperty('reason')
    expect(documents!.get(managed('AdministratorAccess'))).toHaveProperty('document')
  })

  it('true fails on AccessDenied, naming the permissions on the partition’s AWS managed policies', async () => {
    iam.on(GetPolicyCommand).rejects(accessDenied)
    await expect(run([managed('ReadOnlyAccess')], 'true')).rejects.toThrow(
      'Could not read the documents of AWS managed policies (AccessDenied: User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized): allow iam:GetPolicy and iam:GetPolicyVersion on arn:aws:iam::aws:policy/*, or set escalation-analysis: auto to carry on without judging escalation through them.'
    )
    await expect(run([managed('ReadOnlyAccess', 'aws-us-gov')], 'true')).rejects.toMatchObject({
      name: 'AwsQueryError',
      message: expect.stringContaining(
        'allow iam:GetPolicy and iam:GetPolicyVersion on arn:aws-us-gov:iam::aws:policy/*'
      )
    })
  })

  it('names the policies it could not read in one warning, five at most', async () => {
    iam.on(GetPolicyCommand).resolves({ Policy: {} })
    const arns = ['A', 'B', 'C', 'D', 'E', 'F', 'service-role/G'].map(n => managed(n))
    for (const mode of ['auto', 'true'] as const) {
      const { warnings } = await run(arns, mode)
      expect(warnings).toEqual([
        'Escalation through 7 AWS managed policies is not judged (document not read): ' +
          'A (IAM GetPolicy answered no DefaultVersionId); B (IAM GetPolicy answered no DefaultVersionId); ' +
          'C (IAM GetPolicy answered no DefaultVersionId); D (IAM GetPolicy answered no DefaultVersionId); ' +
          'E (IAM GetPolicy answered no DefaultVersionId); and 2 more.'
      ])
    }
    const { warnings } = await run([managed('service-role/G')], 'auto')
    expect(warnings).toEqual([
      'Escalation through 1 AWS managed policy is not judged (document not read): service-role/G (IAM GetPolicy answered no DefaultVersionId).'
    ])
  })
})
