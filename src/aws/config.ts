import {
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
  type ConfigServiceClient
} from '@aws-sdk/client-config-service'
import {
  AwsQueryError,
  describeError,
  errorMessage,
  isAccessDenied,
  isNotFound,
  isThrottling
} from '../errors.js'
import { pacedRequests, type RequestPacer } from './pacing.js'

export interface ConfigQuery {
  /** Empty: this account only (SelectResourceConfig). */
  readonly aggregatorName: string
  readonly region: string
  readonly expression: string
}

/** Config's maximum page size; the default (25) would quadruple the round trips. */
export const PAGE_SIZE = 100

export interface PageOptions {
  /**
   * Rows per page; null leaves `Limit` out, which is the only way to get Config's 500-row pages
   * for aggregate (GROUP BY) queries: an explicit Limit above 100 is rejected.
   */
  readonly limit?: number | null
  /** Paces every attempt, retries included, and hears about every throttle. */
  readonly pacer?: RequestPacer
}

/** Yields each page of `Results` (JSON strings), following NextToken to the end. */
export async function* selectPages(
  client: Pick<ConfigServiceClient, 'send'>,
  query: ConfigQuery,
  options: PageOptions = {}
): AsyncGenerator<readonly string[]> {
  const limit = options.limit === null ? undefined : (options.limit ?? PAGE_SIZE)
  let nextToken: string | undefined
  do {
    const request = { Expression: query.expression, Limit: limit, NextToken: nextToken }
    let page: { Results?: string[]; NextToken?: string }
    try {
      if (query.aggregatorName === '') {
        const command = new SelectResourceConfigCommand(request)
        if (options.pacer) command.middlewareStack.use(pacedRequests(options.pacer))
        page = await client.send(command)
      } else {
        const command = new SelectAggregateResourceConfigCommand({
          ...request,
          ConfigurationAggregatorName: query.aggregatorName
        })
        if (options.pacer) command.middlewareStack.use(pacedRequests(options.pacer))
        page = await client.send(command)
      }
    } catch (error) {
      throw toQueryError(error, query)
    }
    yield page.Results ?? []
    nextToken = page.NextToken || undefined
  } while (nextToken)
}

function toQueryError(error: unknown, query: ConfigQuery): AwsQueryError {
  const where = query.aggregatorName
    ? `aggregator '${query.aggregatorName}' in ${query.region}`
    : `this account's Config in ${query.region}`
  if (isNotFound(error))
    return new AwsQueryError(
      `Config aggregator '${query.aggregatorName}' was not found in region ${query.region}: check aggregator-name, and set aws-region to the region where the aggregator was created.`
    )
  if (isAccessDenied(error))
    return new AwsQueryError(
      `Access denied querying ${where}: allow ${query.aggregatorName ? 'config:SelectAggregateResourceConfig on the aggregator' : 'config:SelectResourceConfig'} in the role's IAM policy (${errorMessage(error)}).`
    )
  // The SDK has already retried throttling with its own backoff (CONFIG_MAX_ATTEMPTS).
  if (isThrottling(error))
    return new AwsQueryError(
      `AWS Config kept throttling the query on ${where} after every retry: run again later, or lower max-concurrency.`
    )
  return new AwsQueryError(`Config query on ${where} failed: ${describeError(error)}`)
}
