// IAM's policy evaluation, cut down to the question the escalation check asks: do these identity
// policies let the user perform one action on one resource, whatever else the request carries?
// A Condition depends on that context, so an Allow with one grants nothing here and a Deny with one
// refuses nothing: what is reported is what the policies allow without any condition met.
import { NO_ENTRIES, asList, isJsonObject, type JsonObject } from './config-fields.js'
import { hasNoCondition } from './admin.js'

export interface PolicyRequest {
  readonly action: string
  /** The target's ARN. */
  readonly resource: string
  /** The value of `${aws:username}` in Resource patterns. */
  readonly userName: string
}

/** The policies reaching one user, read for the many requests the escalation check asks. */
export interface Policies<T> {
  /** Whether an unconditional Allow names the action on some resource: a quick no for most users. */
  readonly mayAllow: (action: string) => boolean
  /**
   * The first policy with an unconditional Allow for the request; undefined when none has one or an
   * unconditional Deny in any of them refuses it.
   */
  readonly findAllowing: (request: PolicyRequest) => T | undefined
}

/** A document that is not an object (not read, or not decodable) allows and denies nothing. */
export function readPolicies<T extends { readonly document: unknown }>(
  policies: readonly T[]
): Policies<T> {
  const documents = policies.map(policy => readDocument(policy.document))
  return {
    mayAllow: action => documents.some(document => document.statementsFor(action).some(isAllow)),
    findAllowing: ({ action, resource, userName }) => {
      let allowing: T | undefined
      for (const [i, document] of documents.entries()) {
        for (const statement of document.statementsFor(action)) {
          if (!matchesResource(statement, resource, document.resolvesVariables, userName)) continue
          if (!isAllow(statement)) return undefined
          allowing ??= policies[i]
        }
      }
      return allowing
    }
  }
}

interface Document {
  /** Its unconditional Allow and Deny statements that match the action. */
  readonly statementsFor: (action: string) => readonly JsonObject[]
  /** Only the current policy language resolves variables; in older documents they are plain text. */
  readonly resolvesVariables: boolean
}

const NOTHING: Document = { statementsFor: () => NO_ENTRIES, resolvesVariables: false }

// One AWS managed document reaches thousands of users, and ReadOnlyAccess alone lists 2,400 action
// patterns: each document is searched once per action. Only that is kept, not a compiled copy of
// every document, which the garbage collector would have to trace for 100,000 users' inline policies.
const BY_ACTION = new WeakMap<JsonObject, Map<string, readonly JsonObject[]>>()

function readDocument(document: unknown): Document {
  if (!isJsonObject(document)) return NOTHING
  let byAction = BY_ACTION.get(document)
  if (byAction === undefined) {
    byAction = new Map()
    BY_ACTION.set(document, byAction)
  }
  const found = byAction
  return {
    statementsFor: action => {
      let statements = found.get(action)
      if (statements === undefined) {
        statements = findStatements(document, action)
        found.set(action, statements)
      }
      return statements
    },
    resolvesVariables: document.Version === '2012-10-17'
  }
}

function findStatements(document: JsonObject, action: string): readonly JsonObject[] {
  // Action names compare case-insensitively, as IAM matches them.
  const name = action.toLowerCase()
  const statements = asList(document.Statement).filter(
    (statement): statement is JsonObject =>
      isJsonObject(statement) &&
      (statement.Effect === 'Allow' || statement.Effect === 'Deny') &&
      hasNoCondition(statement.Condition) &&
      matchesPatterns(statement, 'Action', 'NotAction', pattern =>
        matchesWildcards(pattern.toLowerCase(), name)
      )
  )
  return statements.length === 0 ? NO_ENTRIES : statements
}

function isAllow(statement: JsonObject): boolean {
  return statement.Effect === 'Allow'
}

/** ARNs compare case-sensitively, as IAM matches them. */
function matchesResource(
  statement: JsonObject,
  arn: string,
  resolvesVariables: boolean,
  userName: string
): boolean {
  return matchesPatterns(statement, 'Resource', 'NotResource', pattern =>
    matchesWildcards(resolvesVariables ? resolveVariables(pattern, userName) : pattern, arn)
  )
}

/**
 * `Action` and `Resource` may each be one value or a list; `NotAction` and `NotResource` match what
 * none of their patterns matches; a statement with neither matches nothing.
 */
function matchesPatterns(
  statement: JsonObject,
  key: string,
  notKey: string,
  matches: (pattern: string) => boolean
): boolean {
  const matchesOne = (pattern: unknown): boolean => typeof pattern === 'string' && matches(pattern)
  if (statement[key] !== undefined) return asList(statement[key]).some(matchesOne)
  if (statement[notKey] !== undefined) return !asList(statement[notKey]).some(matchesOne)
  return false
}

const USER_NAME_VARIABLE = /\$\{aws:username\}/gi

/**
 * `${aws:username}` becomes the user's name. Any other `${…}` left (another variable, whose value
 * the report does not know, or `${*}`, `${?}`, `${$}`, which stand for characters no IAM user, group
 * or policy ARN holds) keeps a `$` in the pattern, and no target ARN contains one.
 */
function resolveVariables(pattern: string, userName: string): string {
  if (!pattern.includes('${')) return pattern
  return pattern.replace(USER_NAME_VARIABLE, () => userName)
}

const STAR = 42 // '*'
const QUESTION = 63 // '?'

/**
 * IAM's wildcards: `*` is any run of characters (`:` and `/` included), `?` any one character.
 * Backtracks to the last `*` only, so a pattern of many stars costs length × length, not more.
 */
function matchesWildcards(pattern: string, text: string): boolean {
  let p = 0
  let t = 0
  let star = -1
  let resume = 0
  while (t < text.length) {
    const c = p < pattern.length ? pattern.charCodeAt(p) : -1
    if (c === STAR) {
      star = p++
      resume = t
    } else if (c === QUESTION || (c !== -1 && c === text.charCodeAt(t))) {
      p++
      t++
    } else if (star !== -1) {
      p = star + 1
      t = ++resume
    } else {
      return false
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++
  return p === pattern.length
}
