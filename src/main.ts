import * as core from '@actions/core'
import { info } from './log.js'
import { DestinationError, errorMessage, isExpected } from './errors.js'
import { createOctokit } from './github/octokit.js'
import { getInputs } from './inputs.js'
import { reportOutputs, setOutputs, SKIPPED_OUTPUTS } from './outputs.js'
import { buildReport } from './report/build-report.js'
import { withoutLostAccounts } from './report/coverage.js'
import { diffReports } from './report/diff.js'
import { readRunnerEnv } from './runner.js'
import { shouldSkipRun } from './schedule.js'
import { readBaseline } from './steps/baseline.js'
import { collectItems, collectTitle, lookUpAccounts, reportWarnings } from './steps/collect.js'
import { checkCoverage } from './steps/coverage.js'
import { addCredentialReports } from './steps/credential-reports.js'
import { deliver, planDelivery } from './steps/deliver.js'
import { writeLocalFiles } from './steps/local-files.js'
import { signIn } from './steps/sign-in.js'

/** Each step is a log group named after what it does. */
const step = <T>(name: string, fn: () => Promise<T>): Promise<T> => core.group(name, fn)

/** SPEC 5, top to bottom. Expected failures end in one line that says what failed and the fix. */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    const runner = readRunnerEnv()
    if (shouldSkipRun(inputs.scheduleDay, inputs.timezone, runner.eventName, new Date())) {
      info(
        `Skipped: this scheduled run is not on the first ${inputs.scheduleDay} of the month in ${inputs.timezone}.`
      )
      return setOutputs(SKIPPED_OUTPUTS)
    }
    const aws = await step('Sign in to AWS', () => signIn(inputs, runner))
    const github = inputs.githubToken ? createOctokit(inputs.githubToken, info) : undefined

    const collected = await step(collectTitle(inputs), () => collectItems(aws, inputs))
    const organization = await step(
      "Look up the organization's accounts in AWS Organizations",
      () => lookUpAccounts(aws, inputs)
    )
    const built = buildReport({
      ...collected,
      accountNames: new Map(organization?.map(a => [a.id, a.name])),
      aggregator: inputs.aggregatorName || null,
      region: inputs.awsRegion,
      now: new Date()
    })
    const stats = reportWarnings(collected, built, organization, inputs)
    const report = inputs.memberRoleName
      ? await step(`Read IAM credential reports through role '${inputs.memberRoleName}'`, () =>
          addCredentialReports(built.report, {
            roleName: inputs.memberRoleName,
            staleDays: inputs.staleDays,
            region: inputs.awsRegion,
            credentials: aws.credentials,
            warn: core.warning,
            log: info
          })
        )
      : built.report

    const files = await step('Write the report files', () =>
      writeLocalFiles(report, runner.tempDir)
    )
    const baseline = await step('Read the baseline (last report)', () =>
      readBaseline(inputs, aws, github, runner)
    )
    const coverage = checkCoverage(collected, organization, baseline.baseline, inputs)
    // Users of accounts whose data the aggregator lost are not "removed": listed apart instead.
    const diff = diffReports(withoutLostAccounts(baseline.baseline, coverage), report)
    const delivered = await deliver(planDelivery(inputs, aws, github, runner), {
      report,
      diff,
      files,
      baseline,
      stats,
      coverage
    })
    setOutputs(reportOutputs({ report, diff, files, baseline, coverage, delivered }))
    if (delivered.failures.length > 0) throw new DestinationError(delivered.failures)
  } catch (error) {
    fail(error)
  }
}

/** A rejection nothing awaited: still one escaped line, never a raw stack on stdout. */
export function failUnexpectedly(error: unknown): void {
  fail(error)
}

function fail(error: unknown): void {
  if (!isExpected(error) && error instanceof Error && error.stack) core.debug(error.stack)
  core.setFailed(errorMessage(error))
}
