import { jest } from '@jest/globals'
import { LimitExceededException } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { mockClient } from 'aws-sdk-client-mock'
import type { CredentialReportApi } from '../../../src/aws/iam.js'
import {
  collectCredentialReports,
  type CredentialReportRequest
} from '../../../src/steps/credential-reports.js'

const sts = mockClient(STSClient)
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated'
const SECRET = 'memberSecretKeyDoNotLog'
const TOKEN = 'memberSessionTokenDoNotLog'

const report = (account: string) =>
  new TextEncoder().encode(
    `${HEADER}\n<root_account>,arn:aws:iam::${account}:root,2019-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n` +
      `alice,arn:aws:iam::${account}:user/alice,2024-01-01T00:00:00+00:00,true,2025-01-01T00:00:00+00:00,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`
  )

function stsError(name: string, message: string, status: number) {
  return new STSServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status }
  })
}

/** An SDK-shaped query-protocol error: model name plus IAM's wire code. */
function iamError(name: string, code: string, status: number, message = 'm') {
  return Object.assign(new Error(message), {
    name,
    Code: code,
    $metadata: { httpStatusCode: status }
  })
}

type Step = { State: string } | Error
/**
 * IAM scripted per account: GenerateCredentialReport answers in turn, then GetCredentialReport.
 * Like an SDK client, it asks the provider for credentials on every call; `sessions` records the
 * session token each call was signed with.
 */
function fakeIam(script: Record<string, { generate: Step[]; get?: (Uint8Array | Error)[] }>) {
  const created: string[] = []
  const destroyed: string[] = []
  const sessions: string[] = []
  const createIam = (credentials: AwsCredentialIdentityProvider): CredentialReportApi => {
    // The session's key names its account (ASIA<account id>…): that account's IAM answers.
    const account = credentials().then(c => {
      const id = c.accessKeyId.slice(4, 16)
      created.push(id)
      const s = script[id] ?? { generate: [{ State: 'COMPLETE' }] }
      return { id, generate: s.generate, gets: s.get ?? [report(id)] }
    })
    const signed = async () => {
      sessions.push((await credentials()).sessionToken ?? '')
      return account
    }
    return {
      generate: async () => {
        const { generate } = await signed()
        const step = generate.length > 1 ? generate.shift()! : generate[0]
        if (step instanceof Error) throw step
        return step
      },
      get: async () => {
        const { gets } = await signed()
        const step = gets.length > 1 ? gets.shift()! : gets[0]
        if (step instanceof Error) throw step
        return { Content: step, GeneratedTime: new Date() }
      },
      destroy: () => void account.then(({ id }) => destroyed.push(id))
    }
  }
  return { createIam, created, destroyed, sessions }
}

/** Member sessions of 15 minutes, unless `endsIn` says otherwise; each with its own token. */
function assumeRoleGivesAccountKeys(endsIn = 900_000) {
  let sessions = 0
  sts.on(AssumeRoleCommand).callsFake(input => ({
    Credentials: {
      AccessKeyId: `ASIA${String(input.RoleArn).split(':')[4]}AAAA`,
      SecretAccessKey: SECRET,
      SessionToken: `${TOKEN}${++sessions}`,
      Expiration: new Date(Date.now() + endsIn)
    }
  }))
}

function request(
  accountIds: string[],
  iam: ReturnType<typeof fakeIam>,
  extra: Partial<CredentialReportRequest> = {}
) {
  let clock = 0
  const sleeps: number[] = []
  const log: string[] = []
  const req: CredentialReportRequest = {
    accountIds,
    roleName: 'iam-user-report-member',
    partition: 'aws',
    sourceCredentials: undefined,
    region: 'us-east-1',
    concurrency: 4,
    ...extra,
    deps: {
      sts: new STSClient({ region: 'us-east-1' }),
      createIam: iam.createIam,
      sleep: async ms => void (sleeps.push(ms), (clock += ms)),
      now: () => clock,
      log: m => void log.push(m)
    }
  }
  return { req, sleeps, log }
}

beforeEach(() => {
  sts.reset()
  assumeRoleGivesAccountKeys()
})

describe('collectCredentialReports', () => {
  it('assumes the member role for 900 s in the given partition and keys rows by user ARN', async () => {
    const iam = fakeIam({})
    const { req } = request(['222222222222'], iam, { partition: 'aws-us-gov' })
    const result = await collectCredentialReports(req)
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: 'arn:aws-us-gov:iam::222222222222:role/iam-user-report-member',
      RoleSessionName: 'iam-user-report',
      DurationSeconds: 900
    })
    expect([...result.byAccount.get('222222222222')!.keys()]).toEqual([
      'arn:aws:iam::222222222222:user/alice'
    ])
    expect(result.failures).toEqual([])
    expect(iam.destroyed).toEqual(['222222222222'])
  })

  it('waits out STARTED, INPROGRESS, LimitExceeded and ReportInProgress with growing delays', async () => {
    const iam = fakeIam({
      '333333333333': {
        generate: [
          new LimitExceededException({ message: 'limit', $metadata: {} }),
          iamError('LimitExceededException', 'LimitExceeded', 409),
          { State: 'STARTED' },
          { State: 'INPROGRESS' },
          { State: 'COMPLETE' }
        ],
        get: [
          iamError('CredentialReportNotReadyException', 'ReportInProgress', 404),
          report('333333333333')
        ]
      }
    })
    const { req, sleeps } = request(['333333333333'], iam)
    const result = await collectCredentialReports(req)
    expect(result.failures).toEqual([])
    expect(result.byAccount.get('333333333333')!.size).toBe(1)
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 8000])
  })

  it('waits out a server error and a dropped connection like a report not ready yet', async () => {
    const dropped = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    const iam = fakeIam({
      '333333333333': {
        generate: [
          iamError('ServiceFailure', 'ServiceFailure', 500),
          dropped,
          { State: 'COMPLETE' }
        ]
      }
    })
    const { req, sleeps, log } = request(['333333333333'], iam)
    const result = await collectCredentialReports(req)
    expect(result.failures).toEqual([])
    expect(sleeps).toEqual([1000, 2000])
    expect(log).toEqual([
      'Credential report for 333333333333: ServiceFailure; next try in 1000 ms',
      'Credential report for 333333333333: ECONNRESET; next try in 2000 ms'
    ])
  })

  it('gives up on a report that is never ready within the timeout, naming the last answer', async () => {
    const iam = fakeIam({ '444444444444': { generate: [{ State: 'INPROGRESS' }] } })
    const { req, sleeps } = request(['444444444444'], iam, { timeoutMs: 60_000 })
    const result = await collectCredentialReports(req)
    expect(result.failures).toEqual([
      {
        accountId: '444444444444',
        reason: 'credential report not ready within 60 s (last answer: INPROGRESS)'
      }
    ])
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000)
  })

  it('reports a role that cannot be assumed without retrying or calling IAM', async () => {
    sts
      .on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::555555555555:role/iam-user-report-member' })
      .rejects(
        stsError('AccessDenied', 'User: x is not authorized to perform: sts:AssumeRole', 403)
      )
    const iam = fakeIam({})
    const { req } = request(['555555555555', '222222222222'], iam)
    const result = await collectCredentialReports(req)
    expect(result.failures).toEqual([
      {
        accountId: '555555555555',
        reason:
          'role arn:aws:iam::555555555555:role/iam-user-report-member cannot be assumed: deploy the member role (StackSet) and trust the reporting role'
      }
    ])
    expect([...result.byAccount.keys()]).toEqual(['222222222222'])
    expect(iam.created).toEqual(['222222222222'])
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2)
  })

  it('renews a member session when IAM takes longer than the session', async () => {
    // 15-minute sessions; IAM answers INPROGRESS for about 11 minutes of 8-second polls.
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    const polls = Array.from({ length: 80 }, () => ({ State: 'INPROGRESS' }))
    const iam = fakeIam({
      '333333333333': { generate: [{ State: 'STARTED' }, ...polls, { State: 'COMPLETE' }] }
    })
    const { req } = request(['333333333333'], iam, { timeoutMs: 1_200_000 })
    const waitsOnTheClock = {
      ...req.deps,
      sleep: async (ms: number) => void jest.advanceTimersByTime(ms),
      now: () => Date.now()
    }
    try {
      const result = await collectCredentialReports({ ...req, deps: waitsOnTheClock })
      expect(result.failures).toEqual([])
      expect(Date.now()).toBeGreaterThan(600_000)
    } finally {
      jest.useRealTimers()
    }
    // The first session until five minutes before its end, then the second to the last call.
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2)
    const firstSessionCalls = iam.sessions.filter(t => t === `${TOKEN}1`).length
    expect(iam.sessions.slice(firstSessionCalls).every(t => t === `${TOKEN}2`)).toBe(true)
    expect(firstSessionCalls).toBeGreaterThan(60)
  })

  it('retries a throttled AssumeRole', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(stsError('Throttling', 'Rate exceeded', 400))
      .callsFake(() => ({
        Credentials: {
          AccessKeyId: 'ASIA222222222222AAAA',
          SecretAccessKey: SECRET,
          SessionToken: TOKEN
        }
      }))
    const { req, log } = request(['222222222222'], fakeIam({}))
    const result = await collectCredentialReports(req)
    expect(result.failures).toEqual([])
    expect(log[0]).toMatch(
      /^Retry AssumeRole arn:aws:iam::222222222222:role\/iam-user-report-member: attempt 1 of 4/
    )
  })

  it('says which permission the member role lacks when IAM denies it', async () => {
    const denied = iamError('AccessDenied', 'AccessDenied', 403, 'not authorized')
    const iam = fakeIam({ '222222222222': { generate: [denied] } })
    const { req, sleeps } = request(['222222222222'], iam)
    const result = await collectCredentialReports(req)
    expect(result.failures[0].reason).toBe(
      'role arn:aws:iam::222222222222:role/iam-user-report-member may not read the credential report: allow iam:GenerateCredentialReport and iam:GetCredentialReport'
    )
    expect(sleeps).toEqual([])
  })

  it('fails an account on an unexpected error at once, in one line, without member credentials', async () => {
    const leaky = iamError(
      'SignatureDoesNotMatch',
      'SignatureDoesNotMatch',
      403,
      `The Canonical String for this request should have been\n'POST\n/\nx-amz-security-token:${TOKEN}1\n' key ${SECRET}`
    )
    const iam = fakeIam({ '222222222222': { generate: [leaky] } })
    const { req, sleeps, log } = request(['222222222222'], iam)
    const result = await collectCredentialReports(req)
    const reason = result.failures[0].reason
    expect(reason).toMatch(/^credential report failed: SignatureDoesNotMatch: The Canonical String/)
    expect(reason).not.toMatch(/\n/)
    expect(reason).not.toContain(TOKEN)
    expect(reason).not.toContain(SECRET)
    expect(reason).not.toContain('ASIA222222222222AAAA')
    expect(sleeps).toEqual([])
    expect(log.join('\n')).not.toContain(TOKEN)
  })

  it('fails an account whose report cannot be read', async () => {
    const iam = fakeIam({
      '222222222222': {
        generate: [{ State: 'COMPLETE' }],
        get: [new TextEncoder().encode('user\nx\n')]
      }
    })
    const { req } = request(['222222222222'], iam)
    const result = await collectCredentialReports(req)
    expect(result.failures[0].reason).toBe(
      "credential report failed: the credential report has no 'arn' column"
    )
  })

  it('runs at most `concurrency` accounts at once, each account once, results in id order', async () => {
    let inFlight = 0
    let peak = 0
    const base = fakeIam({})
    const iam = {
      ...base,
      createIam: (c: AwsCredentialIdentityProvider): CredentialReportApi => {
        const api = base.createIam(c)
        return {
          ...api,
          generate: async () => {
            peak = Math.max(peak, ++inFlight)
            await new Promise(resolve => setTimeout(resolve, 5))
            inFlight--
            return api.generate()
          }
        }
      }
    }
    const ids = Array.from({ length: 12 }, (_, k) => String(900000000000 - k * 1111))
    const { req } = request([...ids, ids[0]], iam, { concurrency: 3 })
    const result = await collectCredentialReports(req)
    expect(peak).toBe(3)
    expect([...result.byAccount.keys()]).toEqual([...ids].sort())
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(12)
  })
})
