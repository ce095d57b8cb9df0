// Collection against the Config stand-in, with the real SDK client: sharded for an aggregator,
// checked against Config's counts, and one query for a single account.
import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  type SelectAggregateResourceConfigCommandInput
} from '@aws-sdk/client-config-service'
import { selectPages } from '../../../src/aws/config.js'
import { collectIamItems } from '../../../src/collect/collect-iam-items.js'
import {
  COUNT_EXPRESSION,
  IAM_EXPRESSION,
  ROLE_COUNT_EXPRESSION,
  fetchItems
} from '../../../src/collect/iam-query.js'
import { dedupeItems } from '../../../src/report/dedupe.js'
import type { IamItem } from '../../../src/report/types.js'
import { MAX_EXPRESSION_LENGTH } from '../../../src/collect/shard-plan.js'
import { generateOrg, startStandins, type ConfigItem, type Standins } from '../../standins/index.js'

const region = 'us-east-1'
const source = { aggregatorName: 'org-aggregator', region }
const org = generateOrg({ seed: 11, accounts: 60, usersPerAccount: 15 })
/** Items the IAM query returns: users, groups and customer managed policies, not roles. */
const iamItems = org.items.filter(i => i.resourceType !== 'AWS::IAM::Role')
let standins: Standins
let client: ConfigServiceClient
const logged: string[] = []
const log = (line: string): void => void logged.push(line)

beforeAll(async () => {
  standins = await startStandins({ org })
  client = new ConfigServiceClient({
    region,
    endpoint: standins.config.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 12
  })
})
afterAll(async () => {
  client.destroy()
  await standins.close()
})
beforeEach(() => {
  standins.config.setItems(org.items)
  Object.assign(standins.config.knobs, { tps: 0, throttleRate: 0, latencyMs: 0 })
  logged.length = 0
})

type Request = { body: SelectAggregateResourceConfigCommandInput & { Limit?: number } }
const selectsSince = (from: number): Request['body'][] =>
  (standins.config.requests.slice(from) as unknown as Request[]).map(r => r.body)
const key = (item: IamItem): string => `${item.accountId}|${item.kind}|${item.resourceId}`

/** The seed's collection: one query, every page, then dedupe. */
async function collectSerially(): Promise<ReturnType<typeof dedupeItems>> {
  return dedupeItems((await fetchItems(client, { ...source, expression: IAM_EXPRESSION })).items)
}

/** A copy of a user of `accountId` under a new name and id, as if created during the run. */
function newUser(accountId: string, n: number): ConfigItem {
  const user = org.items.find(
    i => i.accountId === accountId && i.resourceType === 'AWS::IAM::User'
  )!
  const configuration = { ...(user.configuration as object), userName: `late-${n}` }
  return { ...user, resourceId: `AIDALATE${n}`, resourceName: `late-${n}`, configuration }
}

describe('collectIamItems from an aggregator', () => {
  it('collects every item exactly once: the same users, groups and policies as the serial loop', async () => {
    const from = standins.config.requests.length
    const sharded = await collectIamItems(client, source, log, { maxConcurrency: 16 })
    const shardRequests = selectsSince(from)
    const serial = await collectSerially()

    expect(sharded.items).toBe(iamItems.length)
    for (const kind of ['users', 'groups', 'policies'] as const) {
      const keys = sharded[kind].map(key)
      expect(new Set(keys).size).toBe(keys.length)
      expect(new Set(keys)).toEqual(new Set(serial[kind].map(key)))
    }
    expect(sharded.warnings).toEqual([])

    const [count, roles, ...shards] = shardRequests
    expect(count).toMatchObject({ Expression: COUNT_EXPRESSION })
    expect(count).not.toHaveProperty('Limit')
    expect(roles).toMatchObject({ Expression: ROLE_COUNT_EXPRESSION })
    expect(shards.length).toBeGreaterThan(1)
    const accounts = new Set<string>()
    for (const request of shards) {
      expect(request.Limit).toBe(100)
      expect(request.Expression!.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH)
      const inList = /AND accountId IN \((.*)\)$/.exec(request.Expression!)
      expect(request.Expression!.startsWith(`${IAM_EXPRESSION} AND accountId IN (`)).toBe(true)
      for (const id of inList![1]!.matchAll(/'(\d{12})'/g)) accounts.add(id[1]!)
    }
    expect(accounts).toEqual(new Set(org.accounts.map(a => a.id)))
    expect(sharded.pages).toBe(shardRequests.length)
  })

  it('asks a shard again when it returns other numbers than Config counted, then warns with them', async () => {
    const late = org.accounts[3]!.id
    // The user appears after the counts were taken, as one created during the run would.
    const counting = {
      send: async (command: Parameters<ConfigServiceClient['send']>[0]) => {
        const result = await client.send(command)
        if ((command.input as Request['body']).Expression === COUNT_EXPRESSION) {
          standins.config.setItems([...org.items, newUser(late, 1)])
        }
        return result
      }
    } as Pick<ConfigServiceClient, 'send'>
    const from = standins.config.requests.length
    const collected = await collectIamItems(counting, source, log, { maxConcurrency: 16 })

    const firstPages = selectsSince(from).filter(
      r => r.Expression!.includes(`'${late}'`) && r.NextToken === undefined
    )
    expect(firstPages).toHaveLength(2)
    expect(collected.warnings).toHaveLength(1)
    const expected = org.items.filter(
      i => i.accountId === late && i.resourceType === 'AWS::IAM::User'
    ).length
    expect(collected.warnings[0]).toContain(
      `${late} users: ${expected} counted, ${expected + 1} returned`
    )
    expect(collected.users.some(u => u.userName === 'late-1')).toBe(true)
  })

  it('keeps the second answer without a warning when the shard, asked again, matches', async () => {
    const late = org.accounts[5]!.id
    let firstPagesOfShard = 0
    const flaky = {
      send: async (command: Parameters<ConfigServiceClient['send']>[0]) => {
        const input = command.input as Request['body']
        if (input.Expression === COUNT_EXPRESSION) {
          const result = await client.send(command)
          standins.config.setItems([...org.items, newUser(late, 2)])
          return result
        }
        if (input.Expression!.includes(`'${late}'`) && input.NextToken === undefined) {
          if (++firstPagesOfShard === 2) standins.config.setItems(org.items)
        }
        return client.send(command)
      }
    } as Pick<ConfigServiceClient, 'send'>
    const collected = await collectIamItems(flaky, source, log, { maxConcurrency: 8 })
    expect(firstPagesOfShard).toBe(2)
    expect(collected.warnings).toEqual([])
    expect(collected.users.some(u => u.userName === 'late-2')).toBe(false)
    expect(collected.items).toBe(iamItems.length)
  })

  it('fails the whole collection, with no partial report, when one shard fails for good', async () => {
    const broken = org.accounts[3]!.id
    const started: string[] = []
    const failing = {
      send: async (command: Parameters<ConfigServiceClient['send']>[0]) => {
        const input = command.input as Request['body']
        started.push(input.Expression!)
        if (input.Expression!.includes(`'${broken}'`)) {
          throw new ConfigServiceServiceException({
            name: 'AccessDeniedException',
            message: 'denied',
            $fault: 'client',
            $metadata: {}
          })
        }
        return client.send(command)
      }
    } as Pick<ConfigServiceClient, 'send'>
    await expect(collectIamItems(failing, source, log, { maxConcurrency: 2 })).rejects.toThrow(
      /Access denied querying .*config:SelectAggregateResourceConfig/
    )
    expect(started.filter(e => e.includes(`'${broken}'`))).toHaveLength(1)
  })

  it('slows down when Config throttles, and still collects every item', async () => {
    standins.config.knobs.tps = 6
    const from = standins.config.requests.length
    const collected = await collectIamItems(client, source, log, { maxConcurrency: 8 })
    const throttled = standins.config.requests.slice(from).filter(r => r.status === 400)
    expect(throttled.length).toBeGreaterThan(0)
    const ended = new RegExp(
      `Config throttled ${throttled.length} request\\(s\\); the rate ended at ([\\d.]+) requests/s`
    ).exec(logged.join('\n'))
    expect(ended).not.toBeNull()
    // 2 requests/s per slot at max-concurrency 8: the limiter backed off from 16/s.
    expect(Number(ended![1])).toBeLessThan(16)
    expect(collected.items).toBe(iamItems.length)
  }, 60_000)

  it('sends only the counts for an organisation without IAM items, and covers no account', async () => {
    standins.config.setItems([])
    const from = standins.config.requests.length
    const collected = await collectIamItems(client, source, log, { maxConcurrency: 4 })
    expect(collected.users).toEqual([])
    expect(collected.coveredAccounts).toEqual(new Set())
    expect(selectsSince(from).map(r => r.Expression)).toEqual([
      COUNT_EXPRESSION,
      ROLE_COUNT_EXPRESSION
    ])
  })

  it('covers every account with IAM items or with roles alone', async () => {
    const collected = await collectIamItems(client, source, log, { maxConcurrency: 4 })
    expect(collected.coveredAccounts).toEqual(new Set(org.items.map(i => i.accountId)))
  })
})

describe('collectIamItems from one account', () => {
  it('pages through one query, without counting first, then counts its roles', async () => {
    const from = standins.config.requests.length
    const collected = await collectIamItems(client, { aggregatorName: '', region }, log, {
      maxConcurrency: 4
    })
    const requests = standins.config.requests.slice(from)
    expect(new Set(requests.map(r => r.operation))).toEqual(new Set(['SelectResourceConfig']))
    expect(new Set(selectsSince(from).map(r => r.Expression))).toEqual(
      new Set([IAM_EXPRESSION, ROLE_COUNT_EXPRESSION])
    )
    const local = iamItems.filter(i => i.accountId === iamItems[0]!.accountId)
    expect(collected.items).toBe(local.length)
  })
})

describe('selectPages with a pacer', () => {
  it('paces every attempt, retries included, and hears of every throttle the SDK retried', async () => {
    const acquired: number[] = []
    const throttledAt: number[] = []
    const pacer = {
      acquire: async () => acquired.push(acquired.length) - 1,
      onThrottle: (sentAt: number) => void throttledAt.push(sentAt)
    }
    standins.config.failNext(2, {
      status: 400,
      code: 'ThrottlingException',
      message: 'Rate exceeded'
    })
    let pages = 0
    for await (const page of selectPages(
      client,
      { ...source, expression: COUNT_EXPRESSION },
      { limit: null, pacer }
    )) {
      pages += page.length > 0 ? 1 : 0
    }
    expect(pages).toBe(1)
    expect(acquired).toEqual([0, 1, 2])
    expect(throttledAt).toEqual([0, 1])
  })

  it('hears of a throttle answered with HTTP 429 alone, and not of a server error', async () => {
    const throttledAt: number[] = []
    let sent = 0
    const pacer = {
      acquire: async () => sent++,
      onThrottle: (sentAt: number) => void throttledAt.push(sentAt)
    }
    standins.config.failNext(1, { status: 429, code: 'SlowDown', message: 'Slow down' })
    standins.config.failNext(1, { status: 500, code: 'InternalFailure', message: 'oops' })
    for await (const page of selectPages(
      client,
      { ...source, expression: COUNT_EXPRESSION },
      { limit: null, pacer }
    ))
      expect(page.length).toBeGreaterThan(0)
    expect(sent).toBe(3)
    expect(throttledAt).toEqual([0])
  })
})
