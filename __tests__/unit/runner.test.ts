import { readRunnerEnv } from '../../src/runner.js'

describe('readRunnerEnv', () => {
  it('builds the run page from the server, the repository and the run id', () => {
    const runner = readRunnerEnv({
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      GITHUB_REPOSITORY: 'acme/security',
      GITHUB_RUN_ID: '1234'
    })
    expect(runner.runUrl).toBe('https://ghe.example.com/acme/security/actions/runs/1234')
    expect(runner.repo).toEqual({ owner: 'acme', repo: 'security' })
    expect(runner.runId).toBe(1234)
  })

  it('knows the branch the run is on, for the artifact baseline', () => {
    expect(readRunnerEnv({ GITHUB_REF_NAME: 'main', GITHUB_REF: 'refs/heads/main' }).refName).toBe(
      'main'
    )
  })

  it('offers an OIDC token only when both of its variables are set', () => {
    const url = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x/token?api-version=2.0' }
    expect(readRunnerEnv(url).idTokenAvailable).toBe(false)
    expect(readRunnerEnv({ ...url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }).idTokenAvailable).toBe(
      true
    )
  })

  it('knows outside Actions that there is no run, no summary and no temporary folder', () => {
    const runner = readRunnerEnv({})
    expect(runner).toMatchObject({
      runId: undefined,
      tempDir: undefined,
      hasStepSummary: false,
      eventName: '',
      refName: ''
    })
  })
})
