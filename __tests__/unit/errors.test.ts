import {
  DestinationError,
  describeError,
  errorCode,
  hasCode,
  isAccessDenied,
  isExpiredCredentials,
  isForbidden,
  isNotFound,
  isRetryable,
  isThrottling
} from '../../src/errors.js'

/** An SDK error by its model name, as `error.name`. */
const named = (name: string, status = 400) =>
  Object.assign(new Error('m'), { name, $metadata: { httpStatusCode: status } })
/** A query-protocol SDK error: the model's name in `name`, the wire code in `Code`. */
const wire = (Code: string, status = 400) =>
  Object.assign(new Error('m'), {
    name: 'SomeModelException',
    Code,
    $metadata: { httpStatusCode: status }
  })
/** A Node network error: the code in `code`, the name a plain `Error`. */
const network = (code: string) => Object.assign(new Error(`connect ${code}`), { code })

const PREDICATES = {
  isThrottling,
  isRetryable,
  isAccessDenied,
  isForbidden,
  isNotFound,
  isExpiredCredentials
}
type Kind = keyof typeof PREDICATES

/** Which predicates hold for `error`, so each row also shows what it is not. */
const kinds = (error: unknown): Kind[] =>
  (Object.keys(PREDICATES) as Kind[]).filter(k => PREDICATES[k](error))

describe('the error table', () => {
  it.each([
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded'
  ])('%s is throttling, and retryable', code => {
    expect(kinds(named(code))).toEqual(['isThrottling', 'isRetryable'])
    expect(kinds(wire(code))).toEqual(['isThrottling', 'isRetryable'])
  })

  it.each([
    'IDPCommunicationError',
    'IDPCommunicationErrorException',
    'ServiceUnavailable',
    'InternalFailure',
    'TimeoutError',
    'RequestTimeout'
  ])('%s is retryable, not throttling', code => {
    expect(kinds(named(code))).toEqual(['isRetryable'])
    expect(kinds(wire(code))).toEqual(['isRetryable'])
  })

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'])(
    'the network error %s is retryable',
    code => {
      expect(kinds(network(code))).toEqual(['isRetryable'])
    }
  )

  it('retries any 5xx and counts a bare 429 as throttling', () => {
    expect(kinds(named('InternalError', 500))).toEqual(['isRetryable'])
    expect(kinds(named('Whatever', 503))).toEqual(['isRetryable'])
    expect(kinds(named('SlowDown', 429))).toEqual(['isThrottling', 'isRetryable'])
    expect(kinds({ status: 502 })).toEqual(['isRetryable'])
  })

  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'])(
    '%s is denied, never retried',
    code => {
      expect(kinds(named(code, 403))).toEqual(['isAccessDenied', 'isForbidden'])
      expect(kinds(wire(code, 400))).toEqual(['isAccessDenied', 'isForbidden'])
    }
  )

  it('counts a bare 403 as forbidden but not as an AWS denial, which a bad signature also is', () => {
    expect(kinds(named('SignatureDoesNotMatch', 403))).toEqual(['isForbidden'])
    expect(kinds({ status: 403 })).toEqual(['isForbidden'])
  })

  it.each([
    'NoSuchKey',
    'NoSuchBucket',
    'NoSuchConfigurationAggregatorException',
    'NoSuchEntity',
    'NoSuchEntityException'
  ])('%s is not found', code => {
    expect(kinds(named(code, 404))).toEqual(['isNotFound'])
    expect(kinds(wire(code, 404))).toEqual(['isNotFound'])
  })

  it.each(['ExpiredToken', 'ExpiredTokenException'])(
    '%s is expired credentials, neither retryable nor denied',
    code => {
      expect(kinds(named(code))).toEqual(['isExpiredCredentials'])
      expect(kinds(wire(code))).toEqual(['isExpiredCredentials'])
    }
  )

  it('classifies nothing for errors it does not know, or for non-errors', () => {
    expect(kinds(named('InvalidExpressionException'))).toEqual([])
    expect(kinds(new Error('plain'))).toEqual([])
    expect(kinds('ThrottlingException')).toEqual([])
    expect(kinds(undefined)).toEqual([])
  })
})

describe('hasCode', () => {
  it('matches the wire code and the model name alike', () => {
    const error = Object.assign(new Error('m'), {
      name: 'CredentialReportNotReadyException',
      Code: 'ReportInProgress'
    })
    expect(hasCode(error, 'ReportInProgress')).toBe(true)
    expect(hasCode(error, 'CredentialReportNotReadyException')).toBe(true)
    expect(hasCode(error, 'ReportExpired')).toBe(false)
  })
})

describe('describeError', () => {
  it('puts the wire code before the message', () => {
    expect(describeError(wire('ReportInProgress'))).toBe('ReportInProgress: m')
    expect(errorCode(wire('ReportInProgress'))).toBe('ReportInProgress')
  })

  it('gives the message alone when there is no separate code', () => {
    expect(describeError(new Error('plain'))).toBe('plain')
    expect(describeError(Object.assign(new Error('Oops'), { name: 'Oops' }))).toBe('Oops')
    expect(describeError('text')).toBe('text')
  })
})

describe('DestinationError', () => {
  it('names one failed step, without a double full stop', () => {
    const error = new DestinationError(['reading the baseline s3://b/latest.json: denied.'])
    expect(error.message).toMatch(
      /^1 step failed after the report was made: reading the baseline s3:\/\/b\/latest\.json: denied\. The report is still/
    )
    expect(error.message).not.toContain('..')
  })
})
