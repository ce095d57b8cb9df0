// run() with @actions/core and every step mocked: the order of the pipeline, the outputs and how a
// failure ends. What each step does is tested with the step, and end to end.
import { jest } from '@jest/globals'
import { actionYml } from '../fixtures/action-yml.js'
import * as core from '../fixtures/core.js'
import { report, userRecord } from '../fixtures/report-records.js'
import type { Delivered } from '../../src/steps/deliver.js'

const calls: string[] = []
const record = <T>(name: string, value: T) =>
  jest.fn(async () => {
    calls.push(name)
    return value
  })

const current = { ...report([userRecord()]), generatedAt: '2026-12-07T09:00:00Z' }
const files = { dir: '/tmp/r', csv: '/tmp/r/a.csv', json: '/tmp/r/a.json' }
let delivered: Delivered
const signIn = record('sign in', { credentials: undefined })
const collectItems = record('collect', {
  users: [],
  groups: [],
  policies: [],
  pages: 1,
  items: 0,
  deletedCount: 0,
  warnings: [],
  coveredAccounts: new Set<string>()
})
const lookUpAccountNames = record('account names', null)
const writeLocalFiles = record('write files', files)
const readBaseline = record('read baseline', { baseline: null, note: 'First report.' })
const deliver = jest.fn(async () => {
  calls.push('deliver')
  return delivered
})
const buildReport = jest.fn(() => {
  calls.push('build')
  return { report: current, warnings: ['a warning'], missingGroups: [] }
})

jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/steps/sign-in.js', () => ({ signIn }))
jest.unstable_mockModule('../../src/collect/collect-iam-items.js', () => ({
  collectIamItems: collectItems
}))
jest.unstable_mockModule('../../src/aws/organizations.js', () => ({
  listOrganizationAccounts: lookUpAccountNames
}))
jest.unstable_mockModule('../../src/report/build-report.js', () => ({ buildReport }))
jest.unstable_mockModule('../../src/steps/local-files.js', () => ({ writeLocalFiles }))
jest.unstable_mockModule('../../src/steps/baseline.js', () => ({ readBaseline }))
jest.unstable_mockModule('../../src/steps/deliver.js', () => ({
  deliver,
  planDelivery: () => ({ runUrl: 'https://github.com/o/r/actions/runs/1' })
}))

const { run } = await import('../../src/main.js')

const INPUTS: Record<string, string> = { 'aws-region': 'eu-west-1', 'schedule-day': 'any' }
const outputs = (): Record<string, string> =>
  Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, String(value)]))

beforeEach(() => {
  calls.length = 0
  jest.clearAllMocks()
  delivered = { failures: [], s3Uri: 's3://b/reports/x.csv' }
  core.getInput.mockImplementation(name => INPUTS[name] ?? '')
  core.group.mockImplementation(async (_name, fn) => fn())
  process.env.GITHUB_EVENT_NAME = 'workflow_dispatch'
})

describe('run', () => {
  it('runs the steps in the order of the pipeline', async () => {
    await run()
    expect(calls).toEqual([
      'sign in',
      'collect',
      'account names',
      'build',
      'write files',
      'read baseline',
      'deliver'
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('sets every output once, after delivery', async () => {
    await run()
    expect(core.setOutput.mock.calls.map(([name]) => name)).toEqual(actionYml.outputs)
    expect(outputs()).toMatchObject({
      'user-count': '1',
      'admin-count': '1',
      'new-user-count': '0',
      'report-file': files.csv,
      's3-uri': 's3://b/reports/x.csv',
      'issue-url': '',
      skipped: 'false',
      // Without the organization's accounts, coverage is unknown.
      'uncovered-account-count': ''
    })
  })

  it('prints the warnings of the build once each', async () => {
    await run()
    expect(core.warning.mock.calls).toEqual([['a warning']])
  })

  it('fails with the input, the value and what is allowed before any step', async () => {
    core.getInput.mockImplementation(name => (name === 'aws-region' ? 'Europe' : ''))
    await run()
    expect(calls).toEqual([])
    expect(core.setFailed).toHaveBeenCalledWith(
      "Input 'aws-region' is not valid: 'Europe'. Must be an AWS region code such as us-east-1."
    )
  })

  it('sets only skipped on a scheduled run that is not on its day', async () => {
    process.env.GITHUB_EVENT_NAME = 'schedule'
    core.getInput.mockImplementation(name =>
      name === 'schedule-day' ? 'first-monday' : (INPUTS[name] ?? '')
    )
    // December 2026: the first Monday is the 7th, so any other day of the month is skipped.
    jest.useFakeTimers({ now: new Date('2026-12-14T09:00:00Z'), doNotFake: ['nextTick'] })
    try {
      await run()
    } finally {
      jest.useRealTimers()
    }
    expect(calls).toEqual([])
    expect(core.setOutput.mock.calls).toEqual([['skipped', 'true']])
  })

  it('sets the outputs, then fails naming each destination that failed', async () => {
    delivered = { failures: ['S3 upload: denied', 'issue: HTTP 500'] }
    await run()
    expect(outputs()['report-file']).toBe(files.csv)
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.setFailed.mock.calls[0]?.[0]).toMatch(
      /^2 steps failed after the report was made: S3 upload: denied; issue: HTTP 500\. The report/
    )
  })

  it('leaves the diff outputs empty when the baseline could not be read', async () => {
    readBaseline.mockImplementationOnce(async () => ({
      baseline: null,
      note: 'The baseline could not be read.',
      failure: 'reading the baseline: denied'
    }))
    delivered = { failures: ['reading the baseline: denied'] }
    await run()
    expect(outputs()).toMatchObject({
      'new-user-count': '',
      'removed-user-count': '',
      'changed-user-count': ''
    })
  })

  it('prints an unexpected error as one line, with its stack only in the debug log', async () => {
    collectItems.mockImplementationOnce(async () => {
      throw new TypeError('boom')
    })
    await run()
    expect(core.setFailed).toHaveBeenCalledWith('boom')
    expect(core.debug.mock.calls[0]?.[0]).toMatch(/^TypeError: boom\n\s+at /)
  })
})
