import { createAwsClients } from '../../../src/aws/clients.js'
import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand
} from '@aws-sdk/client-config-service'
import {
  ListAccountsCommand,
  OrganizationsClient,
  OrganizationsServiceException
} from '@aws-sdk/client-organizations'
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException
} from '@aws-sdk/client-s3'
import { sdkStreamMixin } from '@smithy/util-stream'
import { mockClient } from 'aws-sdk-client-mock'
import { Readable } from 'node:stream'
import { selectPages } from '../../../src/aws/config.js'
import { listOrganizationAccounts } from '../../../src/aws/organizations.js'
import { getObjectStream, putObject } from '../../../src/aws/s3.js'

const config = mockClient(ConfigServiceClient)
const orgs = mockClient(OrganizationsClient)
const s3 = mockClient(S3Client)
beforeEach(() => {
  config.reset()
  orgs.reset()
  s3.reset()
})

async function drain(gen: AsyncGenerator<readonly string[]>): Promise<string[]> {
  const all: string[] = []
  for await (const page of gen) all.push(...page)
  return all
}

describe('selectPages', () => {
  it('follows NextToken to the end with pages of 100 from the aggregator', async () => {
    config
      .on(SelectAggregateResourceConfigCommand)
      .resolvesOnce({ Results: ['a', 'b'], NextToken: 't1' })
      .resolvesOnce({ Results: [], NextToken: 't2' })
      .resolvesOnce({ Results: ['c'] })
    const rows = await drain(
      selectPages(new ConfigServiceClient({}), {
        aggregatorName: 'org',
        region: 'us-east-1',
        expression: 'SELECT x'
      })
    )
    expect(rows).toEqual(['a', 'b', 'c'])
    const inputs = config
      .commandCalls(SelectAggregateResourceConfigCommand)
      .map(c => c.args[0].input)
    expect(inputs.map(i => [i.NextToken, i.Limit, i.ConfigurationAggregatorName])).toEqual([
      [undefined, 100, 'org'],
      ['t1', 100, 'org'],
      ['t2', 100, 'org']
    ])
  })

  it('leaves Limit out when asked to, for aggregate queries and their 500-row pages', async () => {
    config.on(SelectAggregateResourceConfigCommand).resolves({ Results: ['{"COUNT(*)":1}'] })
    await drain(
      selectPages(
        new ConfigServiceClient({}),
        { aggregatorName: 'org', region: 'us-east-1', expression: 'SELECT COUNT(*)' },
        { limit: null }
      )
    )
    const [input] = config
      .commandCalls(SelectAggregateResourceConfigCommand)
      .map(c => c.args[0].input)
    expect(input?.Limit).toBeUndefined()
  })

  it('uses SelectResourceConfig without an aggregator', async () => {
    config.on(SelectResourceConfigCommand).resolves({ Results: ['x'] })
    expect(
      await drain(
        selectPages(new ConfigServiceClient({}), {
          aggregatorName: '',
          region: 'eu-west-1',
          expression: 'SELECT x'
        })
      )
    ).toEqual(['x'])
    expect(config.commandCalls(SelectAggregateResourceConfigCommand)).toHaveLength(0)
  })

  it('names the aggregator and the region when the aggregator does not exist', async () => {
    config.on(SelectAggregateResourceConfigCommand).rejects(
      new ConfigServiceServiceException({
        name: 'NoSuchConfigurationAggregatorException',
        message: 'nope',
        $fault: 'client',
        $metadata: {}
      })
    )
    await expect(
      drain(
        selectPages(new ConfigServiceClient({}), {
          aggregatorName: 'org-agg',
          region: 'eu-west-1',
          expression: 'S'
        })
      )
    ).rejects.toThrow(/aggregator 'org-agg' was not found in region eu-west-1/)
  })

  it('names the missing permission on AccessDenied', async () => {
    config.on(SelectAggregateResourceConfigCommand).rejects(
      new ConfigServiceServiceException({
        name: 'AccessDeniedException',
        message: 'denied',
        $fault: 'client',
        $metadata: {}
      })
    )
    await expect(
      drain(
        selectPages(new ConfigServiceClient({}), {
          aggregatorName: 'org-agg',
          region: 'eu-west-1',
          expression: 'S'
        })
      )
    ).rejects.toThrow(/config:SelectAggregateResourceConfig/)
  })

  it('states the code and the message of any other failure', async () => {
    config.on(SelectAggregateResourceConfigCommand).rejects(
      new ConfigServiceServiceException({
        name: 'InvalidExpressionException',
        message: 'bad field',
        $fault: 'client',
        $metadata: {}
      })
    )
    await expect(
      drain(
        selectPages(new ConfigServiceClient({}), {
          aggregatorName: 'org-agg',
          region: 'eu-west-1',
          expression: 'S'
        })
      )
    ).rejects.toThrow(
      "Config query on aggregator 'org-agg' in eu-west-1 failed: InvalidExpressionException: bad field"
    )
  })

  it('fails the run, rather than return part of it, when Config throttles past every retry', async () => {
    config
      .on(SelectAggregateResourceConfigCommand)
      .resolvesOnce({ Results: ['a'], NextToken: 't1' })
      .rejects(
        new ConfigServiceServiceException({
          name: 'ThrottlingException',
          message: 'Rate exceeded',
          $fault: 'client',
          $metadata: {}
        })
      )
    const pages: (readonly string[])[] = []
    const read = async (): Promise<void> => {
      for await (const page of selectPages(new ConfigServiceClient({ maxAttempts: 1 }), {
        aggregatorName: 'org-agg',
        region: 'eu-west-1',
        expression: 'S'
      }))
        pages.push(page)
    }
    await expect(read()).rejects.toThrow(
      /kept throttling the query on .*org-agg.* after every retry: run again later, or lower max-concurrency/
    )
    expect(pages).toEqual([['a']])
  })
})

describe('listOrganizationAccounts', () => {
  const denied = new OrganizationsServiceException({
    name: 'AccessDeniedException',
    message: 'no',
    $fault: 'client',
    $metadata: {}
  })

  it('reads every page, including an empty page that still has a NextToken', async () => {
    orgs
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [{ Id: '111111111111', Name: 'prod', State: 'ACTIVE' }],
        NextToken: 'a'
      })
      .resolvesOnce({ Accounts: [], NextToken: 'b' })
      .resolvesOnce({ Accounts: [{ Id: '222222222222', Name: 'dev', State: 'SUSPENDED' }] })
    const accounts = await listOrganizationAccounts(
      new OrganizationsClient({}),
      'true',
      () => undefined
    )
    expect(accounts).toEqual([
      { id: '111111111111', name: 'prod', state: 'ACTIVE' },
      { id: '222222222222', name: 'dev', state: 'SUSPENDED' }
    ])
    expect(orgs.commandCalls(ListAccountsCommand).map(c => c.args[0].input.MaxResults)).toEqual([
      20, 20, 20
    ])
  })

  it('auto carries on without names and warns once on AccessDenied', async () => {
    orgs.on(ListAccountsCommand).rejects(denied)
    const warnings: string[] = []
    expect(
      await listOrganizationAccounts(new OrganizationsClient({}), 'auto', w => warnings.push(w))
    ).toBeNull()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/organizations:ListAccounts/)
  })

  it('auto also carries on when the organization has Organizations off', async () => {
    orgs.on(ListAccountsCommand).rejects(
      new OrganizationsServiceException({
        name: 'AWSOrganizationsNotInUseException',
        message: 'not in an organization',
        $fault: 'client',
        $metadata: {}
      })
    )
    const warnings: string[] = []
    expect(
      await listOrganizationAccounts(new OrganizationsClient({}), 'auto', w => warnings.push(w))
    ).toBeNull()
    expect(warnings[0]).toMatch(/\(AWSOrganizationsNotInUseException: not in an organization\)/)
  })

  it('true fails with the fix on AccessDenied', async () => {
    orgs.on(ListAccountsCommand).rejects(denied)
    await expect(
      listOrganizationAccounts(new OrganizationsClient({}), 'true', () => undefined)
    ).rejects.toThrow(/organizations:ListAccounts.*account-names: auto or false/)
  })

  it('false asks nothing', async () => {
    expect(
      await listOrganizationAccounts(new OrganizationsClient({}), 'false', () => undefined)
    ).toBeNull()
    expect(orgs.calls()).toHaveLength(0)
  })
})

describe('S3 adapter', () => {
  const bucket = { bucket: 'reports', expectedOwner: '111122223333', kmsKeyId: '' }

  it('states SSE-S3 and the expected owner on every upload', async () => {
    s3.on(PutObjectCommand).resolves({})
    await putObject(new S3Client({}), bucket, 'k.csv', 'a,b', 'text/csv')
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({
      Bucket: 'reports',
      Key: 'k.csv',
      ServerSideEncryption: 'AES256',
      ExpectedBucketOwner: '111122223333'
    })
  })

  it('uses SSE-KMS with the configured key', async () => {
    s3.on(PutObjectCommand).resolves({})
    await putObject(
      new S3Client({}),
      { ...bucket, kmsKeyId: 'alias/reports' },
      'k.csv',
      'a',
      'text/csv'
    )
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/reports'
    })
  })

  it('writes once only when asked: If-None-Match * on a write-once upload, none otherwise', async () => {
    s3.on(PutObjectCommand).resolves({})
    await putObject(new S3Client({}), bucket, 'once.csv', 'a', 'text/csv', { writeOnce: true })
    await putObject(new S3Client({}), bucket, 'again.csv', 'a', 'text/csv')
    const [once, again] = s3.commandCalls(PutObjectCommand).map(c => c.args[0].input)
    expect(once).toMatchObject({ Key: 'once.csv', IfNoneMatch: '*' })
    expect(again).not.toHaveProperty('IfNoneMatch')
  })

  it('says a report for that second already exists, and to run again, when S3 answers 412', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        message: 'At least one of the pre-conditions you specified did not hold',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 }
      })
    )
    await expect(
      putObject(new S3Client({}), bucket, 'r/2026-12-07T090000Z.csv', 'a', 'text/csv', {
        writeOnce: true
      })
    ).rejects.toThrow(
      /^s3:\/\/reports\/r\/2026-12-07T090000Z\.csv: a report for this second already exists.*run again/
    )
  })

  it('returns undefined for a missing object and the body’s stream otherwise, with the expected owner', async () => {
    s3.on(GetObjectCommand, { Key: 'missing' }).rejects(
      new S3ServiceException({ name: 'NoSuchKey', message: 'x', $fault: 'client', $metadata: {} })
    )
    s3.on(GetObjectCommand, { Key: 'present' }).resolves({
      Body: sdkStreamMixin(Readable.from([Buffer.from('{"a":1}')]))
    })
    expect(await getObjectStream(new S3Client({}), bucket, 'missing')).toBeUndefined()
    const chunks: Uint8Array[] = []
    for await (const chunk of (await getObjectStream(new S3Client({}), bucket, 'present'))!)
      chunks.push(chunk)
    expect(Buffer.concat(chunks).toString('utf8')).toBe('{"a":1}')
    expect(
      s3
        .commandCalls(GetObjectCommand)
        .every(c => c.args[0].input.ExpectedBucketOwner === '111122223333')
    ).toBe(true)
  })

  it('fails, rather than start a first report, when the baseline’s bucket does not exist', async () => {
    s3.on(GetObjectCommand).rejects(
      new S3ServiceException({
        name: 'NoSuchBucket',
        message: 'x',
        $fault: 'client',
        $metadata: {}
      })
    )
    await expect(getObjectStream(new S3Client({}), bucket, 'latest.json')).rejects.toThrow(
      "s3://reports/latest.json: bucket 'reports' does not exist — check s3-bucket and s3-region"
    )
  })

  it('explains a missing bucket and a denied upload', async () => {
    s3.on(PutObjectCommand, { Bucket: 'gone' }).rejects(
      new S3ServiceException({
        name: 'NoSuchBucket',
        message: 'x',
        $fault: 'client',
        $metadata: {}
      })
    )
    s3.on(PutObjectCommand, { Bucket: 'reports' }).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        message: 'x',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 }
      })
    )
    await expect(
      putObject(new S3Client({}), { ...bucket, bucket: 'gone' }, 'k', 'x', 't')
    ).rejects.toThrow(/bucket 'gone' does not exist/)
    await expect(putObject(new S3Client({}), bucket, 'k', 'x', 't')).rejects.toThrow(
      /allow s3:PutObject on arn:aws:s3:::reports/
    )
  })
})

describe('createAwsClients', () => {
  const identity = { accessKeyId: 'AKIA', secretAccessKey: 'secret' }
  const credentials = async () => identity

  it('puts S3 in s3-region when it is set, and in aws-region otherwise', async () => {
    const apart = createAwsClients({ region: 'us-east-1', s3Region: 'eu-west-1', credentials })
    const together = createAwsClients({ region: 'us-east-1', s3Region: '', credentials })
    expect(await apart.s3.config.region()).toBe('eu-west-1')
    expect(await together.s3.config.region()).toBe('us-east-1')
    expect(await apart.config.config.region()).toBe('us-east-1')
    expect(await apart.organizations.config.region()).toBe('us-east-1')
  })

  it('hands every client the credential provider it was given', async () => {
    const aws = createAwsClients({ region: 'us-east-1', s3Region: '', credentials })
    for (const client of [aws.config, aws.s3, aws.organizations, aws.iam])
      expect(await client.config.credentials()).toMatchObject(identity)
  })

  it("addresses IAM's one global endpoint of the aws-region's partition", async () => {
    for (const [region, url, signingRegion] of [
      ['eu-west-1', 'https://iam.amazonaws.com/', 'us-east-1'],
      ['cn-northwest-1', 'https://iam.cn-north-1.amazonaws.com.cn/', 'cn-north-1'],
      ['us-gov-east-1', 'https://iam.us-gov.amazonaws.com/', 'us-gov-west-1']
    ]) {
      const { iam } = createAwsClients({ region, s3Region: '', credentials })
      const endpoint = iam.config.endpointProvider({
        Region: await iam.config.region(),
        UseFIPS: false,
        UseDualStack: false
      })
      expect([endpoint.url.href, endpoint.properties?.authSchemes]).toEqual([
        url,
        [{ name: 'sigv4', signingRegion }]
      ])
    }
  })
})
