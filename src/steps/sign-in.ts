import * as core from '@actions/core'
import { info } from '../log.js'
import { checkDefaultCredentials, createAwsClients, type AwsClients } from '../aws/clients.js'
import { webIdentityCredentials } from '../aws/sts.js'
import { AuthError } from '../errors.js'
import type { Inputs } from '../inputs.js'
import type { RunnerEnv } from '../runner.js'

/**
 * With role-to-assume: the workflow's OIDC token for the role's credentials, masked in the log and
 * renewed for as long as the run lasts. Without: the SDK's default chain, checked here so that a
 * missing one fails with the fix.
 */
export async function signIn(inputs: Inputs, runner: RunnerEnv): Promise<AwsClients> {
  if (inputs.roleToAssume && !runner.idTokenAvailable) {
    throw new AuthError(
      'No OIDC token is available to this job: add `permissions: id-token: write` to the workflow or job (role-to-assume needs it).'
    )
  }
  const credentials = inputs.roleToAssume
    ? webIdentityCredentials(
        {
          region: inputs.awsRegion,
          roleArn: inputs.roleToAssume,
          sessionName: inputs.roleSessionName,
          durationSeconds: inputs.roleDurationSeconds,
          audience: inputs.audience
        },
        { getIdToken: aud => core.getIDToken(aud), setSecret: core.setSecret, log: info }
      )
    : undefined
  // The first session is taken in this step, so that a role that cannot be assumed fails it.
  if (credentials) await credentials()
  const aws = createAwsClients({ region: inputs.awsRegion, s3Region: inputs.s3Region, credentials })
  if (!credentials) await checkDefaultCredentials(aws.config)
  info(
    credentials ? `Signed in as ${inputs.roleToAssume}` : 'Using the credentials already configured'
  )
  return aws
}
