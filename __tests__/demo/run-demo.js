// npm run demo: the bundled action, run twice as a runner would (a baseline month, then a month with
// changes), against the local stand-ins and a generated organization. No AWS account, no network.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateOrg, mutateOrg, startStandins } from '../standins/index.js'
import { runAction } from '../standins/run-action.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
// DEMO_OUTPUT moves the files elsewhere (the demo's own test writes to a temporary folder).
const out = process.env.DEMO_OUTPUT || join(root, 'demo-output')
const BUCKET = 'acme-iam-reports'

async function keep(month, run, standins) {
  const dir = join(out, month)
  await mkdir(dir, { recursive: true })
  await copyFile(run.outputs['report-file'], join(dir, 'iam-users.csv'))
  await copyFile(run.outputs['report-json-file'], join(dir, 'iam-users.json'))
  await writeFile(join(dir, 'job-summary.md'), run.summary)
  await writeFile(join(dir, 'action.log'), run.log)
  const issue = standins.github.issues.at(-1)
  if (run.outputs['issue-number']) {
    await writeFile(join(dir, 'issue.md'), `# ${issue.title}\n\n${issue.body}`)
  }
  return dir
}

const standins = await startStandins({ buckets: [BUCKET] })
try {
  await rm(out, { recursive: true, force: true })
  const org = generateOrg({ seed: 42, accounts: 12, usersPerAccount: 15 })
  standins.loadOrg(org)
  const inputs = {
    'aws-region': 'us-east-1',
    'role-to-assume': standins.roleArn,
    'aggregator-name': 'org-aggregator',
    's3-bucket': BUCKET,
    'create-issue': 'true',
    'github-token': standins.githubToken
  }

  console.log('Month 1: the first report (no baseline yet)…')
  const first = await runAction(standins, inputs)
  if (first.code !== 0) throw new Error(`the first run failed:\n${first.log}`)
  const dir1 = await keep('month-1', first, standins)

  await standins.nextRun()
  const next = mutateOrg(org, { seed: 43 })
  standins.loadOrg(next)
  console.log('Month 2: new, removed and newly-admin users…')
  const second = await runAction(standins, inputs)
  if (second.code !== 0) throw new Error(`the second run failed:\n${second.log}`)
  const dir2 = await keep('month-2', second, standins)

  const o = second.outputs
  const rel = p => relative(process.cwd(), p) || '.'
  console.log(`
Month 1: ${first.outputs['user-count']} users in ${first.outputs['account-count']} accounts, ${first.outputs['admin-count']} admins → ${rel(dir1)}/
Month 2: ${o['user-count']} users, ${o['admin-count']} admins; ${o['new-user-count']} new, ${o['removed-user-count']} removed, ${o['changed-user-count']} changed (${next.changes.becameAdmin.length} became admin) → ${rel(dir2)}/

  ${rel(join(dir2, 'iam-users.csv'))}     the report (spreadsheet-safe CSV)
  ${rel(join(dir2, 'iam-users.json'))}    the same as JSON: next month's baseline
  ${rel(join(dir2, 'job-summary.md'))}    the job summary
  ${rel(join(dir2, 'issue.md'))}          the issue it opened: ${o['issue-url']}
  ${rel(join(dir2, 'action.log'))}        what the runner's log shows

S3 (s3rver): ${(await standins.s3.listKeys(BUCKET)).map(k => `s3://${BUCKET}/${k}`).join('\n             ')}`)
} finally {
  await standins.close()
}
