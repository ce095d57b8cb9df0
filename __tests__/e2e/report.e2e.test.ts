import AdmZip from 'adm-zip'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { startStandins, type Standins } from '../standins/index.js'
import { actionYml } from '../fixtures/action-yml.js'
import { textOutsideCode } from '../fixtures/plain-users.js'
import { errorLine, runAction } from '../standins/run-action.js'
import { ACCOUNTS, EXPECTED_CSV, ROWS } from './small-org.js'

const BUCKET = 'acme-iam-reports'
let standins: Standins
let inputs: Record<string, string>

beforeAll(async () => {
  standins = await startStandins({ buckets: [BUCKET] })
  load(ROWS)
  inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    'account-names': 'true',
    's3-bucket': BUCKET,
    'expected-bucket-owner': '111111111111',
    'create-issue': 'true',
    'issue-assignees': 'security-lead',
    'github-token': standins.githubToken
  }
})
afterAll(() => standins.close())

function load(rows: object[]): void {
  standins.config.setItems(rows)
  standins.organizations.setAccounts(ACCOUNTS)
}

const latestJson = async (): Promise<string | undefined> =>
  (await standins.s3.getObject(BUCKET, 'iam-user-report/latest.json'))?.toString('utf8')

/** Secrets the action handled: none may reach the log. */
function secrets(): string[] {
  return [
    standins.sts.knobs.secretAccessKey,
    ...standins.sts.issued.map(session => session.sessionToken),
    ...standins.oidc.issuedTokens,
    standins.githubToken
  ]
}

describe('the bundled action on a hand-written organization', () => {
  it('writes the exact CSV, the JSON, S3 objects, the artifact and the summary on a first report', async () => {
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.code).toBe(0)

    expect(run.outputs).toMatchObject({
      skipped: 'false',
      'user-count': '10',
      'account-count': '2',
      'admin-count': '6',
      'new-user-count': '0',
      'removed-user-count': '0',
      'changed-user-count': '0',
      'issue-number': ''
    })
    // Every output action.yml declares is set, and no other.
    expect(Object.keys(run.outputs).sort()).toEqual([...actionYml.outputs].sort())
    const csv = await readFile(run.outputs['report-file'], 'utf8')
    expect(csv).toBe(EXPECTED_CSV)

    const json = JSON.parse(await readFile(run.outputs['report-json-file'], 'utf8'))
    expect(json).toMatchObject({
      schemaVersion: 1,
      source: { aggregator: 'org-aggregator', region: 'us-east-1' }
    })
    expect(json.users.map((u: { user_name: string }) => u.user_name)).toEqual([
      '=danger',
      'alice',
      'bob',
      'carol',
      'dave',
      '@ops',
      'eve',
      'frank',
      'grace',
      'heidi'
    ])
    // The JSON keeps raw values: no spreadsheet prefix, real booleans, arrays.
    expect(json.users[5]).toMatchObject({
      account_name: "=cmd|' /C calc'!A0, @octocat",
      user_name: '@ops',
      is_admin: false,
      groups: ['Admins']
    })
    expect(json.users[3]).toMatchObject({
      managed_policy_arns: ['arn:aws:iam::111111111111:policy/FullPower'],
      is_admin: true
    })

    // S3: dated objects equal to the local files, latest moved, encryption and owner on every call.
    const stamp = json.generatedAt.replace(/:/g, '')
    expect(run.outputs['s3-uri']).toBe(`s3://${BUCKET}/iam-user-report/reports/${stamp}.csv`)
    expect(
      (await standins.s3.getObject(BUCKET, `iam-user-report/reports/${stamp}.csv`))?.toString(
        'utf8'
      )
    ).toBe(EXPECTED_CSV)
    expect(await latestJson()).toBe(await readFile(run.outputs['report-json-file'], 'utf8'))
    const puts = standins.s3.requests.filter(r => r.method === 'PUT')
    expect(puts).toHaveLength(4)
    for (const put of puts) {
      expect(put.headers['x-amz-server-side-encryption']).toBe('AES256')
      expect(put.headers['x-amz-expected-bucket-owner']).toBe('111111111111')
    }
    const gets = standins.s3.requests.filter(r => r.method === 'GET')
    expect(gets.every(g => g.headers['x-amz-expected-bucket-owner'] === '111111111111')).toBe(true)

    // Config was asked for items in pages of 100, for users, groups and policies in one
    // expression; the counts per account (GROUP BY: items, then roles for coverage) leave Limit
    // out, which gives 500-row pages.
    const selects = standins.config.requests
      .filter(r => r.operation === 'SelectAggregateResourceConfig')
      .map(r => r.body as { Expression: string; Limit?: number })
    const [count, roles, ...items] = selects
    expect(count!.Expression).toMatch(/IN \('AWS::IAM::User'.*GROUP BY accountId, resourceType$/)
    expect(roles!.Expression).toMatch(/= 'AWS::IAM::Role' GROUP BY accountId, resourceType$/)
    expect([count!.Limit, roles!.Limit]).toEqual([undefined, undefined])
    expect(items.length).toBeGreaterThan(0)
    for (const s of items) expect(s.Limit).toBe(100)

    // The artifact holds both files, byte for byte.
    expect(standins.artifact.artifacts).toHaveLength(1)
    const artifact = standins.artifact.artifacts[0]
    expect(run.outputs['artifact-id']).toBe(String(artifact.id))
    const files = new AdmZip(artifact.zip)
      .getEntries()
      .map(e => [e.entryName, e.getData().toString('utf8')])
    expect(files).toEqual(
      expect.arrayContaining([
        [`iam-users-${stamp}.csv`, EXPECTED_CSV],
        [`iam-users-${stamp}.json`, await readFile(run.outputs['report-json-file'], 'utf8')]
      ])
    )

    // The summary: totals, the admins with their reasons, account names inert, no issue on a first report.
    expect(run.summary).toMatch(/10 users/)
    // Written before latest.* moves, and says which latest.json comes next.
    expect(run.summary).toContain(
      `S3 latest, moved next: \`s3://${BUCKET}/iam-user-report/latest.json\``
    )
    for (const reason of [
      'managed:AdministratorAccess',
      'inline:Everything',
      'managed:FullPower',
      'group:Admins/managed:AdministratorAccess',
      'group:Ops/inline:BreakGlass',
      'group:Power/managed:Power'
    ]) {
      expect(run.summary).toContain(`\`${reason}\``)
    }
    // The group Config never recorded is named in the log and the summary.
    expect(run.log).toMatch(/::warning::.*Ghost/)
    expect(run.summary).toContain('Ghost')
    expect(run.summary).toMatch(/first report/i)
    expect(textOutsideCode(run.summary)).not.toContain('@octocat')
    expect(standins.github.issues).toHaveLength(0)

    // Logs: grouped, and free of every credential and token.
    expect(run.log).toContain('::group::Collect IAM users')
    // Each one is masked (the runner then hides it everywhere) and never printed otherwise.
    const masked = run.log
      .split('\n')
      .filter(l => l.startsWith('::add-mask::'))
      .map(l => l.slice(12))
    const printed = run.log
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const secret of secrets()) expect(printed).not.toContain(secret)
    expect(masked).toEqual(
      expect.arrayContaining(secrets().filter(s => s !== standins.githubToken))
    )
    // The credentials serve this action's own clients: none is exported to later steps.
    const exported = await readFile(standins.env.GITHUB_ENV!, 'utf8')
    expect(exported).not.toMatch(/AWS_/)
    for (const secret of secrets()) expect(exported).not.toContain(secret)
  })

  it('opens an issue listing the changes of the next month, new admins first', async () => {
    await standins.nextRun()
    const before = await latestJson()
    const baselineAt = JSON.parse(before ?? '{}').generatedAt as string
    load([
      ...ROWS.filter(r => r.resourceName !== 'carol').map(r =>
        r.resourceName === '@ops' && typeof r.configuration === 'object'
          ? {
              ...r,
              configuration: {
                ...(r.configuration as object),
                attachedManagedPolicies: [
                  {
                    policyName: 'AdministratorAccess',
                    policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess'
                  }
                ]
              }
            }
          : r
      ),
      {
        ...ROWS.find(r => r.resourceName === 'alice')!,
        resourceId: 'AIDAMALLORY',
        resourceName: '@mallory`|',
        arn: 'arn:aws:iam::111111111111:user/@mallory`|',
        configuration: {
          ...(ROWS.find(r => r.resourceName === 'alice')!.configuration as object),
          userName: '@mallory`|',
          userId: 'AIDAMALLORY'
        }
      }
    ])
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.outputs).toMatchObject({
      'new-user-count': '1',
      'removed-user-count': '1',
      'changed-user-count': '1',
      'issue-number': '1'
    })

    expect(standins.github.issues).toHaveLength(1)
    const issue = standins.github.issues[0] as {
      title: string
      body: string
      labels: { name: string }[]
      assignees: { login: string }[]
    }
    expect(issue.title).toBe(`IAM users: 1 new, 1 removed since ${baselineAt.slice(0, 10)}`)
    expect(issue.body).toContain(`<!-- iam-user-report baseline=${baselineAt} -->`)
    expect(issue.labels.map(l => l.name)).toEqual(['iam-user-report'])
    expect(issue.assignees.map(a => a.login)).toEqual(['security-lead'])
    // New admin first; AWS text inert: the mention sits in a code span, the pipe is escaped.
    expect(issue.body.indexOf('@ops')).toBeLessThan(issue.body.indexOf('carol'))
    expect(textOutsideCode(issue.body)).not.toContain('@mallory')
    expect(issue.body).toContain('\\|')
    expect(issue.body).toContain(`/actions/runs/${standins.env.GITHUB_RUN_ID}`)
    expect(run.outputs['issue-url']).toMatch(/\/issues\/1$/)
    // With a baseline, the summary draws users over time and says what changed.
    expect(run.summary).toContain('Users over time')
    expect(run.summary).toMatch(/Since \d{4}-\d{2}-\d{2}: \*\*\+1\*\* new/)
    expect(await latestJson()).not.toBe(before)
  })

  it('keeps latest where it was when the issue call fails, and the re-run ends with exactly one issue', async () => {
    await standins.nextRun()
    const before = await latestJson()
    standins.github.issues.length = 0
    load(ROWS)
    // The first call and both retries fail.
    standins.github.failNext(3, { status: 500, message: 'Server Error' })
    const failed = await runAction(standins, inputs)
    expect(failed.code).toBe(1)
    expect(errorLine(failed.log)).toMatch(/::error::.*issue: .*500/)
    expect(await latestJson()).toBe(before)
    expect(existsSync(failed.outputs['report-file'])).toBe(true)
    expect(standins.artifact.artifacts.length).toBeGreaterThanOrEqual(3)

    await standins.nextRun({ conclusion: 'failure' })
    const rerun = await runAction(standins, inputs)
    expect(errorLine(rerun.log)).toBe('')
    expect(standins.github.issues).toHaveLength(1)
    expect(await latestJson()).not.toBe(before)
  })

  it('updates the marked issue on a re-run instead of opening a second one', async () => {
    // Put latest back to the previous baseline, as a re-run of the same month would see it.
    await standins.nextRun()
    const issue = standins.github.issues[0] as { body: string; number: number }
    const marker = /<!-- iam-user-report baseline=(.+?) -->/.exec(issue.body)![1]
    const dated = (await standins.s3.listKeys(BUCKET, 'iam-user-report/reports/')).filter(k =>
      k.endsWith('.json')
    )
    let baselineText = ''
    for (const key of dated) {
      const text = (await standins.s3.getObject(BUCKET, key))!.toString('utf8')
      if (JSON.parse(text).generatedAt === marker) baselineText = text
    }
    expect(baselineText).not.toBe('')
    await standins.s3.putObject(BUCKET, 'iam-user-report/latest.json', baselineText)
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(standins.github.issues).toHaveLength(1)
    expect(run.outputs['issue-number']).toBe(String(issue.number))
    expect(standins.github.requests.some(r => r.method === 'PATCH')).toBe(true)
  })

  it('reads a baseline in another layout with one GET, and finds the same changes', async () => {
    await standins.nextRun()
    load(ROWS)
    expect(errorLine((await runAction(standins, inputs)).log)).toBe('')
    await standins.nextRun()
    const baseline = JSON.parse((await latestJson())!) as { generatedAt: string }
    // Rewritten by a person: pretty-printed, so not one user per line.
    await standins.s3.putObject(
      BUCKET,
      'iam-user-report/latest.json',
      JSON.stringify(baseline, null, 2)
    )
    load(ROWS.filter(r => r.resourceName !== 'bob'))
    const requestsBefore = standins.s3.requests.length
    const run = await runAction(standins, inputs)
    expect(errorLine(run.log)).toBe('')
    expect(run.log).toContain(
      `Compared with s3://${BUCKET}/iam-user-report/latest.json, generated ${baseline.generatedAt}.`
    )
    expect(run.outputs).toMatchObject({
      'new-user-count': '0',
      'removed-user-count': '1',
      'changed-user-count': '0'
    })
    const latestGets = standins.s3.requests
      .slice(requestsBefore)
      .filter(r => r.method === 'GET' && r.path?.endsWith('/iam-user-report/latest.json'))
    expect(latestGets).toHaveLength(1)
  })

  it('uploads no artifact when artifact-name is set empty', async () => {
    await standins.nextRun()
    const artifacts = standins.artifact.artifacts.length
    const run = await runAction(standins, { ...inputs, 'artifact-name': '' })
    expect(errorLine(run.log)).toBe('')
    expect(run.outputs['artifact-id']).toBe('')
    expect(standins.artifact.artifacts).toHaveLength(artifacts)
    expect(run.outputs['report-file']).toMatch(/\.csv$/)
  })

  it('says to grant issues: write when GitHub refuses the issue', async () => {
    await standins.nextRun()
    const before = await latestJson()
    load(ROWS.filter(r => r.resourceName !== 'eve'))
    standins.github.failNext(1, { status: 403, message: 'Resource not accessible by integration' })
    const run = await runAction(standins, inputs)
    expect(run.code).toBe(1)
    expect(errorLine(run.log)).toMatch(
      /issue: GitHub refused .*HTTP 403.*permissions: issues: write/
    )
    expect(await latestJson()).toBe(before)
  })
})
