import { jest } from '@jest/globals'
import type { AwsCredentialIdentity } from '@smithy/types'
import { renewingCredentials } from '../../../src/aws/renewing-credentials.js'

const START = Date.parse('2026-12-07T09:00:00Z')
const MINUTE = 60_000

/** An `assume` whose sessions last `ms` from the moment they are issued, numbered from 1. */
function sessionsOf(ms: number | undefined) {
  const issued: AwsCredentialIdentity[] = []
  const assume = jest.fn(async () => {
    const session = {
      accessKeyId: `ASIA${issued.length + 1}`,
      secretAccessKey: 'secret',
      sessionToken: `token-${issued.length + 1}`,
      expiration: ms === undefined ? undefined : new Date(Date.now() + ms)
    }
    issued.push(session)
    return session
  })
  return { assume, issued }
}

beforeEach(() => {
  // Only the clock: promises and the SDK's own timers run as usual.
  jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
})
afterEach(() => jest.useRealTimers())

describe('renewingCredentials', () => {
  it('assumes once for every caller while the session is fresh', async () => {
    const { assume } = sessionsOf(15 * MINUTE)
    const credentials = renewingCredentials(assume)
    const [a, b] = await Promise.all([credentials(), credentials()])
    jest.setSystemTime(START + 9 * MINUTE)
    const c = await credentials()
    expect(assume).toHaveBeenCalledTimes(1)
    expect([a.accessKeyId, b.accessKeyId, c.accessKeyId]).toEqual(['ASIA1', 'ASIA1', 'ASIA1'])
  })

  it('assumes again in the last five minutes of a 15-minute session, as the SDK asks', async () => {
    const { assume } = sessionsOf(15 * MINUTE)
    const credentials = renewingCredentials(assume)
    await credentials()
    jest.setSystemTime(START + 10 * MINUTE)
    const [a, b] = await Promise.all([credentials(), credentials()])
    expect(assume).toHaveBeenCalledTimes(2)
    expect([a.sessionToken, b.sessionToken]).toEqual(['token-2', 'token-2'])
  })

  it('assumes again when asked after the session has ended', async () => {
    const { assume } = sessionsOf(15 * MINUTE)
    const credentials = renewingCredentials(assume)
    await credentials()
    jest.setSystemTime(START + 16 * MINUTE)
    expect((await credentials()).sessionToken).toBe('token-2')
    // The new session counts from its own issue.
    jest.setSystemTime(START + 25 * MINUTE)
    expect((await credentials()).sessionToken).toBe('token-2')
  })

  it('renews a session shorter than the SDK window in its last third, not on every call', async () => {
    const { assume } = sessionsOf(9_000)
    const credentials = renewingCredentials(assume)
    await credentials()
    jest.setSystemTime(START + 5_900)
    expect((await credentials()).sessionToken).toBe('token-1')
    jest.setSystemTime(START + 6_000)
    expect((await credentials()).sessionToken).toBe('token-2')
  })

  it('never renews credentials without an expiration', async () => {
    const { assume } = sessionsOf(undefined)
    const credentials = renewingCredentials(assume)
    await credentials()
    jest.setSystemTime(START + 24 * 60 * MINUTE)
    await credentials()
    expect(assume).toHaveBeenCalledTimes(1)
  })

  it('fails the call whose renewal fails, and tries again on the next one', async () => {
    const { assume } = sessionsOf(15 * MINUTE)
    const credentials = renewingCredentials(assume)
    await credentials()
    jest.setSystemTime(START + 16 * MINUTE)
    assume.mockRejectedValueOnce(new Error('STS is down'))
    await expect(credentials()).rejects.toThrow('STS is down')
    expect((await credentials()).sessionToken).toBe('token-2')
  })
})
