import { jest } from '@jest/globals'
import {
  AssumeRoleWithWebIdentityCommand,
  STSClient,
  STSServiceException
} from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { assumeRoleWithOidc, webIdentityCredentials } from '../../../src/aws/sts.js'

const sts = mockClient(STSClient)
const request = {
  region: 'us-east-1',
  roleArn: 'arn:aws:iam::111122223333:role/iam-user-report',
  sessionName: 'iam-user-report',
  durationSeconds: 900,
  audience: 'sts.amazonaws.com'
}
const credentials = {
  AccessKeyId: 'AKIAEXAMPLE',
  SecretAccessKey: 'secret',
  SessionToken: 'session',
  Expiration: new Date()
}

function stsError(name: string, message: string, status = 400): STSServiceException {
  return new STSServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status }
  })
}

function deps(secrets: string[] = []) {
  return {
    getIdToken: async () => 'oidc-token',
    setSecret: (s: string) => void secrets.push(s),
    log: () => undefined,
    sts: new STSClient({ region: 'us-east-1' }),
    retry: { sleep: async () => undefined }
  }
}

beforeEach(() => sts.reset())

describe('assumeRoleWithOidc', () => {
  it('exchanges the OIDC token for credentials and masks all of them', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: credentials })
    const secrets: string[] = []
    const result = await assumeRoleWithOidc(request, deps(secrets))
    expect(result).toMatchObject({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session'
    })
    expect(secrets).toEqual(
      expect.arrayContaining(['oidc-token', 'AKIAEXAMPLE', 'secret', 'session'])
    )
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)[0].args[0].input).toEqual({
      RoleArn: request.roleArn,
      RoleSessionName: 'iam-user-report',
      DurationSeconds: 900,
      WebIdentityToken: 'oidc-token'
    })
  })

  it('asks for the token with the audience, and retries the token request', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: credentials })
    const audiences: string[] = []
    let failures = 2
    const result = await assumeRoleWithOidc(request, {
      ...deps(),
      getIdToken: async (audience: string) => {
        audiences.push(audience)
        if (failures-- > 0) throw new Error('token service unavailable')
        return 'oidc-token'
      }
    })
    expect(result.accessKeyId).toBe('AKIAEXAMPLE')
    expect(audiences).toEqual([request.audience, request.audience, request.audience])
  })

  it('retries IDPCommunicationError and succeeds', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejectsOnce(stsError('IDPCommunicationErrorException', 'idp down'))
      .rejectsOnce(stsError('IDPCommunicationErrorException', 'idp down'))
      .resolves({ Credentials: credentials })
    await assumeRoleWithOidc(request, deps())
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(3)
  })

  it('does not retry AccessDenied and points at the trust policy sub condition', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(stsError('AccessDenied', 'Not authorized'))
    await expect(assumeRoleWithOidc(request, deps())).rejects.toThrow(
      /Not allowed to assume arn:aws:iam::111122223333:role\/iam-user-report.*:sub condition/
    )
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1)
  })
})

describe('assumeRoleWithOidc retries', () => {
  it.each([
    ['IDPCommunicationErrorException', 'x', 400, true],
    [
      'InvalidIdentityTokenException',
      "Couldn't retrieve verification key from your identity provider",
      400,
      true
    ],
    ['InvalidIdentityTokenException', 'Incorrect token audience', 400, false],
    ['AccessDenied', 'Not authorized', 403, false],
    ['ThrottlingException', 'Rate exceeded', 400, true],
    ['InternalError', 'oops', 500, true],
    ['ExpiredTokenException', 'expired', 400, false]
  ])('%s (%s, HTTP %d) → retried: %p', async (name, message, status, retried) => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejectsOnce(stsError(name, message, status))
      .resolves({ Credentials: credentials })
    const attempt = assumeRoleWithOidc(request, deps())
    if (retried) await expect(attempt).resolves.toMatchObject({ accessKeyId: 'AKIAEXAMPLE' })
    else await expect(attempt).rejects.toThrow(/assume/)
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(retried ? 2 : 1)
  })
})

describe('webIdentityCredentials', () => {
  const START = Date.parse('2026-12-07T09:00:00Z')
  const FIFTEEN_MINUTES = 900_000
  // Only the clock is fake: promises and the SDK run as usual.
  beforeEach(() =>
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  )
  afterEach(() => jest.useRealTimers())

  /** 15-minute STS sessions, each with its own keys. */
  function sessions() {
    let n = 0
    sts.on(AssumeRoleWithWebIdentityCommand).callsFake(() => {
      n++
      return {
        Credentials: {
          AccessKeyId: `ASIA${n}`,
          SecretAccessKey: `secret-${n}`,
          SessionToken: `session-${n}`,
          Expiration: new Date(Date.now() + FIFTEEN_MINUTES)
        }
      }
    })
  }

  it('assumes the role again, with a new OIDC token, when asked after the session ended', async () => {
    sessions()
    let tokens = 0
    const log: string[] = []
    const secrets: string[] = []
    const credentials = webIdentityCredentials(request, {
      ...deps(secrets),
      getIdToken: async () => `oidc-token-${++tokens}`,
      log: m => void log.push(m)
    })
    expect((await credentials()).accessKeyId).toBe('ASIA1')
    jest.setSystemTime(START + FIFTEEN_MINUTES + 1)
    expect((await credentials()).accessKeyId).toBe('ASIA2')
    const calls = sts.commandCalls(AssumeRoleWithWebIdentityCommand)
    expect(calls.map(c => c.args[0].input.WebIdentityToken)).toEqual([
      'oidc-token-1',
      'oidc-token-2'
    ])
    // Every token and the keys of every session are masked, the renewed one's too.
    expect(secrets).toEqual([
      'oidc-token-1',
      'ASIA1',
      'secret-1',
      'session-1',
      'oidc-token-2',
      'ASIA2',
      'secret-2',
      'session-2'
    ])
    expect(log).toEqual([
      'Renewed the session of arn:aws:iam::111122223333:role/iam-user-report (until 2026-12-07T09:30:00.001Z)'
    ])
  })

  it('keeps a session until its last five minutes', async () => {
    sessions()
    const credentials = webIdentityCredentials(request, deps())
    await credentials()
    jest.setSystemTime(START + FIFTEEN_MINUTES - 300_001)
    expect((await credentials()).accessKeyId).toBe('ASIA1')
    jest.setSystemTime(START + FIFTEEN_MINUTES - 300_000)
    expect((await credentials()).accessKeyId).toBe('ASIA2')
  })

  it('fails with the trust-policy message when the role may not be assumed', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(stsError('AccessDenied', 'Not authorized'))
    await expect(webIdentityCredentials(request, deps())()).rejects.toThrow(
      "Not allowed to assume arn:aws:iam::111122223333:role/iam-user-report with this workflow's OIDC token: check the role's trust policy"
    )
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1)
  })

  it('fails a renewal with the same message when the trust policy changed during the run', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .resolvesOnce({
        Credentials: { ...credentials, Expiration: new Date(START + FIFTEEN_MINUTES) }
      })
      .rejects(stsError('AccessDenied', 'Not authorized'))
    const provider = webIdentityCredentials(request, deps())
    await provider()
    jest.setSystemTime(START + FIFTEEN_MINUTES)
    await expect(provider()).rejects.toThrow(/Not allowed to assume .*:sub condition/)
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(2)
  })
})
