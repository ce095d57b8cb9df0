import { parseBaseline } from '../../../src/report/baseline.js'
import { buildReport } from '../../../src/report/build-report.js'
import { toCsv } from '../../../src/report/csv.js'
import { dedupeItems } from '../../../src/report/dedupe.js'
import { diffReports, isEmptyDiff } from '../../../src/report/diff.js'
import { toJson } from '../../../src/report/json.js'
import type { IamItem } from '../../../src/report/types.js'
import { groupItem, userItem } from '../../fixtures/report-items.js'

const ADMIN_ACCESS = {
  name: 'AdministratorAccess',
  arn: 'arn:aws:iam::aws:policy/AdministratorAccess'
}

// No wall-clock assertion (CI machines vary): a step that is quadratic in the number of users
// would take many minutes at this size and fail on the timeout.
describe('report at organisation scale', () => {
  it('turns 100,000 users recorded in two regions into one record each, as CSV and JSON read back unchanged', () => {
    const items: IamItem[] = []
    for (let account = 0; account < 200; account++) {
      const accountId = String(100_000_000_000 + account)
      items.push(groupItem({ accountId, groupName: 'Admins', managedPolicies: [ADMIN_ACCESS] }))
      items.push(
        groupItem({
          accountId,
          groupName: 'Developers',
          inlinePolicies: [{ name: 'Deploy', grantsAdmin: false }]
        })
      )
    }
    for (const capturedAt of ['2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z']) {
      for (let i = 0; i < 100_000; i++) {
        items.push(
          userItem({
            accountId: String(100_000_000_000 + (i % 200)),
            userName: `user-${i}`,
            capturedAt,
            groups: i % 10 === 0 ? ['Admins', 'Developers'] : ['Developers'],
            tags: ['team=platform', `id=${i}`]
          })
        )
      }
    }
    const deduped = dedupeItems(items)
    const { report } = buildReport({
      ...deduped,
      accountNames: new Map(),
      aggregator: 'org',
      region: 'eu-west-1',
      now: new Date('2026-11-02T09:00:00Z')
    })
    const csv = toCsv(report)
    const json = toJson(report)
    expect(report.users).toHaveLength(100_000)
    expect(report.users.every(user => user.config_captured_at === '2026-10-31T00:00:00Z')).toBe(
      true
    )
    expect(report.users.filter(user => user.is_admin)).toHaveLength(10_000)
    expect(csv.split('\r\n')).toHaveLength(100_002)
    expect(json.split('\n')).toHaveLength(100_003)
    expect(isEmptyDiff(diffReports(parseBaseline(json), report))).toBe(true)
  }, 60_000)
})
