import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deliver, type Destinations, type Produced } from '../../../src/steps/deliver.js'
import type { LocalFiles } from '../../../src/steps/local-files.js'
import type { Octokit } from '../../../src/github/octokit.js'
import { diffReports } from '../../../src/report/diff.js'
import { issueMarker } from '../../../src/report/markdown/issue.js'
import { report, userRecord } from '../../fixtures/report-records.js'

const s3 = mockClient(S3Client)
beforeEach(() => s3.reset())

let files: LocalFiles
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'deliver-'))
  files = { dir, csv: join(dir, 'r.csv'), json: join(dir, 'r.json') }
  await writeFile(files.csv, 'a,b\r\n1,2\r\n')
  await writeFile(files.json, '{"users":[]}\n')
})
afterAll(() => rm(files.dir, { recursive: true, force: true }))

const baseline = {
  ...report([userRecord({ user_name: 'old', user_id: 'AIDAOLD' })]),
  generatedAt: '2026-11-02T09:00:00Z'
}
const current = {
  ...report([userRecord({ user_name: 'new', user_id: 'AIDANEW' })]),
  generatedAt: '2026-12-07T09:00:00Z'
}
const io = {
  step: <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn(),
  log: () => {},
  warn: () => {}
}

interface FakeIssue {
  number: number
  body: string
  title: string
}

/** Just enough of Octokit's issues API, keeping the issues in memory. */
function fakeOctokit(issues: FakeIssue[], failCreate = 0): Octokit & { calls: string[] } {
  const calls: string[] = []
  const fake = {
    calls,
    paginate: async () =>
      issues.map(i => ({ ...i, html_url: `https://github.com/o/r/issues/${i.number}` })),
    rest: {
      issues: {
        listForRepo: () => undefined,
        create: async (p: { title: string; body: string }) => {
          calls.push('create')
          if (failCreate-- > 0) throw Object.assign(new Error('Server Error'), { status: 500 })
          const issue = { number: issues.length + 1, title: p.title, body: p.body }
          issues.push(issue)
          return {
            data: {
              number: issue.number,
              html_url: `https://github.com/o/r/issues/${issue.number}`
            }
          }
        },
        update: async (p: { issue_number: number; body: string; title: string }) => {
          calls.push(`update ${p.issue_number}`)
          const issue = issues.find(i => i.number === p.issue_number)!
          Object.assign(issue, { body: p.body, title: p.title })
          return {
            data: {
              number: issue.number,
              html_url: `https://github.com/o/r/issues/${issue.number}`
            }
          }
        }
      }
    }
  }
  return fake as unknown as Octokit & { calls: string[] }
}

/** The issue destination in repository o/r, with no labels or assignees unless given. */
function issueIn(octokit: Octokit, labels: string[] = []): NonNullable<Destinations['issue']> {
  return { octokit, repo: { owner: 'o', repo: 'r' }, labels, assignees: [] }
}

/** What the run produced: a report with one new and one removed user since the baseline. */
function produced(overrides: Partial<Produced> = {}): Produced {
  return {
    report: current,
    diff: diffReports(baseline, current),
    files,
    baseline: { baseline, note: 'Compared with the baseline.' },
    stats: {
      pages: 1,
      deletedItems: 0,
      missingGroups: 0,
      warnings: [],
      accountNamesAvailable: true
    },
    coverage: { uncovered: [], lost: [] },
    ...overrides
  }
}

function plan(overrides: Partial<Destinations> = {}): Destinations {
  return {
    s3: {
      client: new S3Client({}),
      bucket: { bucket: 'b', expectedOwner: '', kmsKeyId: '' },
      prefix: 'p/'
    },
    artifact: {
      client: { uploadArtifact: async () => ({ id: 42, size: 1 }) },
      name: 'iam-user-report',
      retentionDays: undefined
    },
    runUrl: 'https://github.com/o/r/actions/runs/1',
    ...overrides
  }
}

const putKeys = (): string[] =>
  s3.commandCalls(PutObjectCommand).map(c => c.args[0].input.Key ?? '')

describe('deliver', () => {
  it('writes the job summary after the issue and before latest, and names the latest to come', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([])
    const order: string[] = []
    s3.on(PutObjectCommand).callsFake(input => void order.push(input.Key))
    let markdown = ''
    const result = await deliver(
      plan({
        issue: issueIn(octokit),
        summary: async text => {
          order.push('summary')
          markdown = text
        }
      }),
      produced(),
      io
    )
    expect(result.failures).toEqual([])
    expect(order).toEqual([
      'p/reports/2026-12-07T090000Z.csv',
      'p/reports/2026-12-07T090000Z.json',
      'summary',
      'p/latest.csv',
      'p/latest.json'
    ])
    expect(markdown).toContain('https://github.com/o/r/issues/1')
    expect(markdown).toContain('s3://b/p/latest.json')
    expect(markdown).toContain('https://github.com/o/r/actions/runs/1/artifacts/42')
  })

  it('keeps latest where it was when the job summary cannot be written', async () => {
    s3.on(PutObjectCommand).resolves({})
    const result = await deliver(
      plan({
        summary: async () => {
          throw new Error('Unable to access summary file')
        }
      }),
      produced(),
      io
    )
    expect(result.failures).toEqual(['job summary: Unable to access summary file'])
    expect(putKeys()).not.toContain('p/latest.json')
    expect(result.s3LatestUri).toBeUndefined()
  })

  it('tells the summary no latest moves when a destination already failed', async () => {
    s3.on(PutObjectCommand).rejects(new Error('denied'))
    let markdown = ''
    await deliver(
      plan({
        summary: async text => {
          markdown = text
        }
      }),
      produced(),
      io
    )
    expect(markdown).not.toContain('latest.json')
  })

  it('uploads dated objects, the artifact, the issue, then moves latest (JSON last)', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([])
    const result = await deliver(plan({ issue: issueIn(octokit, ['iam']) }), produced(), io)
    expect(result.failures).toEqual([])
    expect(putKeys()).toEqual([
      'p/reports/2026-12-07T090000Z.csv',
      'p/reports/2026-12-07T090000Z.json',
      'p/latest.csv',
      'p/latest.json'
    ])
    const bodies = s3
      .commandCalls(PutObjectCommand)
      .map(c => Buffer.from(c.args[0].input.Body as Uint8Array).toString('utf8'))
    expect(bodies).toEqual(['a,b\r\n1,2\r\n', '{"users":[]}\n', 'a,b\r\n1,2\r\n', '{"users":[]}\n'])
    expect(result).toMatchObject({
      s3Uri: 's3://b/p/reports/2026-12-07T090000Z.csv',
      artifactId: 42,
      issue: { number: 1 }
    })
  })

  it('keeps latest where it was when the issue call fails, and still uploads the rest', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([], 1)
    const result = await deliver(plan({ issue: issueIn(octokit) }), produced(), io)
    expect(result.failures).toEqual([expect.stringMatching(/^issue: .*HTTP 500/)])
    expect(putKeys()).toEqual([
      'p/reports/2026-12-07T090000Z.csv',
      'p/reports/2026-12-07T090000Z.json'
    ])
    expect(result.artifactId).toBe(42)
  })

  it('updates the marked issue on a re-run instead of opening a second one', async () => {
    s3.on(PutObjectCommand).resolves({})
    const issues = [
      { number: 7, title: 'old', body: `${issueMarker(baseline.generatedAt)}\nold body` }
    ]
    const octokit = fakeOctokit(issues)
    const result = await deliver(plan({ issue: issueIn(octokit) }), produced(), io)
    expect(octokit.calls).toEqual(['update 7'])
    expect(issues).toHaveLength(1)
    expect(result.issue).toMatchObject({ number: 7, updated: true })
  })

  it('attempts every destination after a failed S3 upload and lists each failure', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'NoSuchBucket',
        message: 'x',
        $fault: 'client',
        $metadata: {}
      })
    )
    const octokit = fakeOctokit([])
    const result = await deliver(
      plan({
        artifact: {
          client: {
            uploadArtifact: async () => Promise.reject(new Error('artifact service down'))
          },
          name: 'a',
          retentionDays: 5
        },
        issue: issueIn(octokit)
      }),
      produced(),
      io
    )
    expect(result.failures).toEqual([
      expect.stringMatching(/^S3 upload: .*bucket 'b' does not exist/),
      "artifact 'a': artifact service down"
    ])
    expect(putKeys()).toEqual(['p/reports/2026-12-07T090000Z.csv'])
    // The issue is still opened, after both failures.
    expect(octokit.calls).toEqual(['create'])
  })

  it('writes the dated objects once and overwrites only latest', async () => {
    s3.on(PutObjectCommand).resolves({})
    await deliver(plan(), produced(), io)
    const conditions = s3
      .commandCalls(PutObjectCommand)
      .map(c => [c.args[0].input.Key, c.args[0].input.IfNoneMatch])
    expect(conditions).toEqual([
      ['p/reports/2026-12-07T090000Z.csv', '*'],
      ['p/reports/2026-12-07T090000Z.json', '*'],
      ['p/latest.csv', undefined],
      ['p/latest.json', undefined]
    ])
  })

  it('fails S3 and keeps latest when a report of the same second already exists', async () => {
    s3.on(PutObjectCommand, { Key: 'p/reports/2026-12-07T090000Z.csv' }).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        message: 'At least one of the pre-conditions you specified did not hold',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 }
      })
    )
    s3.on(PutObjectCommand, { Key: 'p/latest.json' }).resolves({})
    const result = await deliver(plan(), produced(), io)
    expect(result.failures).toEqual([
      expect.stringMatching(
        /^S3 upload: s3:\/\/b\/p\/reports\/2026-12-07T090000Z\.csv: a report for this second already exists.*run again/
      )
    ])
    expect(putKeys()).toEqual(['p/reports/2026-12-07T090000Z.csv'])
    expect(result.s3Uri).toBeUndefined()
    expect(result.s3LatestUri).toBeUndefined()
  })

  it('keeps the artifact for artifact-retention-days, or the repository default without it', async () => {
    s3.on(PutObjectCommand).resolves({})
    const options: unknown[] = []
    const client = {
      uploadArtifact: async (_n: string, _f: string[], _d: string, o?: unknown) => {
        options.push(o)
        return { id: 42, size: 1 }
      }
    }
    for (const retentionDays of [5, undefined])
      await deliver(plan({ artifact: { client, name: 'a', retentionDays } }), produced(), io)
    expect(options).toEqual([{ retentionDays: 5 }, {}])
  })

  it('opens no issue when nothing changed, and moves latest', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([])
    const result = await deliver(
      plan({ issue: issueIn(octokit) }),
      produced({ diff: diffReports({ ...current, generatedAt: '2026-11-02T09:00:00Z' }, current) }),
      io
    )
    expect(octokit.calls).toEqual([])
    expect(result.failures).toEqual([])
    expect(putKeys()).toContain('p/latest.json')
  })

  it('leaves an issue of another baseline alone and opens a new one', async () => {
    s3.on(PutObjectCommand).resolves({})
    const issues = [
      { number: 3, title: 'older', body: `${issueMarker('2026-10-05T09:00:00Z')}\nold body` }
    ]
    const octokit = fakeOctokit(issues)
    const result = await deliver(plan({ issue: issueIn(octokit) }), produced(), io)
    expect(octokit.calls).toEqual(['create'])
    expect(issues[0]?.body).toBe(`${issueMarker('2026-10-05T09:00:00Z')}\nold body`)
    expect(result.issue).toMatchObject({ number: 2, updated: false })
  })

  it('opens no issue and keeps latest when the baseline could not be read', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([])
    const result = await deliver(
      plan({ issue: issueIn(octokit) }),
      produced({
        baseline: { baseline: null, note: '', failure: 'reading the baseline: denied' }
      }),
      io
    )
    expect(octokit.calls).toEqual([])
    expect(putKeys()).not.toContain('p/latest.json')
    expect(result.failures).toEqual(['reading the baseline: denied'])
  })

  it('fails naming the accounts that lost their data, still opens the issue, and keeps latest', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([])
    const result = await deliver(
      plan({ issue: issueIn(octokit) }),
      produced({
        coverage: { uncovered: [], lost: [{ id: '222222222222', name: 'dev', baselineUsers: 40 }] }
      }),
      io
    )
    expect(result.failures).toEqual([
      expect.stringMatching(
        /^no IAM data this month for 1 account\(s\) that had 40 user\(s\).*222222222222.*source status/
      )
    ])
    expect(octokit.calls).toEqual(['create'])
    expect(putKeys()).not.toContain('p/latest.json')
  })

  it('opens an issue for lost data even when no user changed', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([])
    await deliver(
      plan({ issue: issueIn(octokit) }),
      produced({
        diff: diffReports({ ...current, generatedAt: '2026-11-02T09:00:00Z' }, current),
        coverage: { uncovered: [], lost: [{ id: '222222222222', name: 'dev', baselineUsers: 3 }] }
      }),
      io
    )
    expect(octokit.calls).toEqual(['create'])
  })

  it('opens no issue on a first report', async () => {
    s3.on(PutObjectCommand).resolves({})
    const octokit = fakeOctokit([])
    await deliver(
      plan({ issue: issueIn(octokit) }),
      produced({ diff: diffReports(null, current) }),
      io
    )
    expect(octokit.calls).toEqual([])
    expect(putKeys()).toContain('p/latest.json')
  })
})
