import { dedupeItems } from '../../../src/report/dedupe.js'
import type { DeletedItem, IamItem } from '../../../src/report/types.js'
import { groupItem, policyItem, userItem } from '../../fixtures/report-items.js'

function deletedUser(overrides: Partial<DeletedItem> = {}): DeletedItem {
  return {
    kind: 'deleted',
    accountId: '111111111111',
    resourceId: 'AIDAALICE',
    awsRegion: 'global',
    capturedAt: '2026-10-31T23:00:00Z',
    resourceType: 'AWS::IAM::User',
    ...overrides
  }
}

function bothOrders(items: IamItem[]): ReturnType<typeof dedupeItems>[] {
  return [dedupeItems(items), dedupeItems([...items].reverse())]
}

describe('dedupeItems', () => {
  it('keeps the newest item when a user is recorded in two regions', () => {
    const older = userItem({
      awsRegion: 'us-east-1',
      capturedAt: '2026-10-01T00:00:00Z',
      groups: []
    })
    const newer = userItem({
      awsRegion: 'eu-west-1',
      capturedAt: '2026-10-31T00:00:00Z',
      groups: ['Admins']
    })
    for (const result of bothOrders([older, newer])) {
      expect(result.users).toEqual([newer])
      expect(result.deletedCount).toBe(0)
    }
  })

  it('drops a user whose newest item is deleted, and counts it', () => {
    const live = userItem({ capturedAt: '2026-10-30T00:00:00Z' })
    for (const result of bothOrders([live, deletedUser({ capturedAt: '2026-10-31T00:00:00Z' })])) {
      expect(result.users).toEqual([])
      expect(result.deletedCount).toBe(1)
    }
  })

  it('keeps a user whose deleted item is older than a live one', () => {
    const live = userItem({ capturedAt: '2026-10-31T00:00:00Z' })
    for (const result of bothOrders([deletedUser({ capturedAt: '2026-10-01T00:00:00Z' }), live])) {
      expect(result.users).toEqual([live])
      expect(result.deletedCount).toBe(0)
    }
  })

  it('keeps the live item when a deleted one has the same capture time', () => {
    const live = userItem({ capturedAt: '2026-10-31T23:00:00Z' })
    for (const result of bothOrders([live, deletedUser({ capturedAt: '2026-10-31T23:00:00Z' })])) {
      expect(result.users).toEqual([live])
    }
  })

  it('picks the same item whatever the order when two live items tie', () => {
    const a = userItem({ tags: ['a=1'] })
    const b = userItem({ tags: ['b=2'] })
    const [first, second] = bothOrders([a, b])
    expect(first!.users).toEqual(second!.users)
    expect(first!.users).toHaveLength(1)
  })

  it('keeps same resource ids in different accounts apart', () => {
    const one = userItem({ accountId: '111111111111', userId: 'AIDASAME' })
    const two = userItem({ accountId: '222222222222', userId: 'AIDASAME' })
    expect(dedupeItems([one, two]).users).toEqual([one, two])
  })

  it('sorts users, groups and policies apart, and a deleted group does not remove a user', () => {
    const user = userItem()
    const group = groupItem()
    const policy = policyItem()
    const deletedGroup = deletedUser({ resourceType: 'AWS::IAM::Group', resourceId: 'AGPAGONE' })
    expect(
      dedupeItems([
        user,
        group,
        policy,
        deletedGroup,
        { ...deletedGroup, resourceId: user.resourceId }
      ])
    ).toEqual({
      users: [user],
      groups: [group],
      policies: [policy],
      deletedCount: 2
    })
  })
})
