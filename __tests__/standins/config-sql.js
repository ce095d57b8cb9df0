// The subset of AWS Config's advanced-query SQL that the stand-in understands, and the clauses it
// rejects the way Config does. Config's grammar has no FROM (the table is implicit), no LIMIT
// (paging is the API's Limit/NextToken), and no JOIN, DISTINCT, AS or HAVING.

export class InvalidExpression extends Error {}

/** What `SELECT *` yields: Config returns only these top-level scalars, never configuration/tags. */
export const STAR_FIELDS = [
  'accountId',
  'arn',
  'availabilityZone',
  'awsRegion',
  'configurationItemCaptureTime',
  'resourceCreationTime',
  'resourceId',
  'resourceName',
  'resourceType',
  'version'
]
export const MAX_EXPRESSION_LENGTH = 4096
export const COUNT = 'COUNT(*)'
const REJECTED = new Set(['FROM', 'LIMIT', 'JOIN', 'DISTINCT', 'AS', 'HAVING', 'OFFSET', 'UNION'])
const RESERVED = new Set(['SELECT', 'WHERE', 'GROUP', 'BY', 'ORDER', 'ASC', 'DESC', 'AND', 'OR'])
const TOKEN = /\s+|'((?:[^']|'')*)'|([A-Za-z_][\w.]*)|(-?\d+(?:\.\d+)?)|(!=|<>|<=|>=|[=<>(),*])/y

/** @param {string} expression */
function tokenize(expression) {
  /** @type {{ t: 'str' | 'id' | 'num' | 'op', v: string, up: string }[]} */
  const tokens = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < expression.length) {
    const at = TOKEN.lastIndex
    const m = TOKEN.exec(expression)
    if (!m)
      throw new InvalidExpression(`Invalid expression: unexpected character at position ${at}`)
    if (m[1] !== undefined) tokens.push({ t: 'str', v: m[1].replace(/''/g, "'"), up: '' })
    else if (m[2] !== undefined) tokens.push({ t: 'id', v: m[2], up: m[2].toUpperCase() })
    else if (m[3] !== undefined) tokens.push({ t: 'num', v: m[3], up: m[3] })
    else if (m[4] !== undefined) tokens.push({ t: 'op', v: m[4], up: m[4] })
  }
  const bad = tokens.find(tok => tok.t === 'id' && REJECTED.has(tok.up))
  if (bad) throw new InvalidExpression(`Invalid expression: ${bad.up} is not supported`)
  return tokens
}

/**
 * @typedef {{ kind: 'field', path: string } | { kind: 'count' } | { kind: 'star' }} SelectItem
 * @typedef {{ select: SelectItem[], where: any, groupBy: string[], orderBy: { key: string, desc: boolean }[] }} Query
 */

/** @param {string} expression @returns {Query} */
export function parseQuery(expression) {
  if (typeof expression !== 'string' || expression.trim() === '')
    throw new InvalidExpression('Invalid expression: the expression is empty')
  if (expression.length > MAX_EXPRESSION_LENGTH)
    throw new InvalidExpression(
      `Invalid expression: the expression exceeds ${MAX_EXPRESSION_LENGTH} characters`
    )
  const tokens = tokenize(expression)
  let i = 0
  const peek = () => tokens[i]
  const isWord = (/** @type {string} */ w) => peek()?.t === 'id' && peek().up === w
  const isOp = (/** @type {string} */ o) => peek()?.t === 'op' && peek().v === o
  const fail = (/** @type {string} */ what) => {
    const tok = peek()
    throw new InvalidExpression(
      `Invalid expression: expected ${what} but found ${tok ? `'${tok.v}'` : 'end of expression'}`
    )
  }
  const expectWord = (/** @type {string} */ w) => (isWord(w) ? i++ : fail(w))
  const expectOp = (/** @type {string} */ o) => (isOp(o) ? i++ : fail(`'${o}'`))
  const path = () => {
    const tok = peek()
    if (tok?.t !== 'id' || RESERVED.has(tok.up)) fail('a property name')
    i++
    return tok.v
  }
  const literal = () => {
    const tok = peek()
    if (tok?.t === 'str') return (i++, tok.v)
    if (tok?.t === 'num') return (i++, Number(tok.v))
    return fail('a literal')
  }
  const countStar = () => {
    i++
    expectOp('(')
    expectOp('*')
    expectOp(')')
  }

  expectWord('SELECT')
  /** @type {SelectItem[]} */
  const select = []
  do {
    if (isOp('*')) {
      i++
      select.push({ kind: 'star' })
    } else if (isWord('COUNT')) {
      countStar()
      select.push({ kind: 'count' })
    } else select.push({ kind: 'field', path: path() })
  } while (isOp(',') && ++i)

  const condition = () => {
    const p = path()
    let negate = false
    if (isWord('NOT')) {
      i++
      negate = true
    }
    if (isWord('IN')) {
      i++
      expectOp('(')
      const values = [literal()]
      while (isOp(',') && ++i) values.push(literal())
      expectOp(')')
      return { op: 'in', path: p, values, negate }
    }
    if (isWord('LIKE')) {
      i++
      const pattern = peek()?.t === 'str' ? String(literal()) : fail('a string pattern')
      const star = pattern.indexOf('%')
      if (star === 0)
        throw new InvalidExpression(
          'Invalid expression: leading wildcards are not supported in LIKE'
        )
      if (star > 0 && star !== pattern.length - 1)
        throw new InvalidExpression(
          'Invalid expression: only trailing wildcards are supported in LIKE'
        )
      return {
        op: 'like',
        path: p,
        prefix: star > 0 ? pattern.slice(0, -1) : pattern,
        exact: star < 0,
        negate
      }
    }
    if (negate) fail('IN or LIKE')
    const tok = peek()
    if (tok?.t !== 'op' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(tok.v))
      fail('an operator')
    i++
    return { op: 'cmp', path: p, cmp: tok.v === '<>' ? '!=' : tok.v, value: literal() }
  }
  /** @returns {any} */
  const primary = () => {
    if (isOp('(')) {
      i++
      const e = orExpr()
      expectOp(')')
      return e
    }
    if (isWord('NOT')) return (i++, { op: 'not', expr: primary() })
    return condition()
  }
  const andExpr = () => {
    let left = primary()
    while (isWord('AND') && ++i) left = { op: 'and', left, right: primary() }
    return left
  }
  const orExpr = () => {
    let left = andExpr()
    while (isWord('OR') && ++i) left = { op: 'or', left, right: andExpr() }
    return left
  }

  let where = null
  if (isWord('WHERE')) {
    i++
    where = orExpr()
  }
  /** @type {string[]} */
  const groupBy = []
  if (isWord('GROUP')) {
    i++
    expectWord('BY')
    do {
      groupBy.push(path())
    } while (isOp(',') && ++i)
  }
  /** @type {{ key: string, desc: boolean }[]} */
  const orderBy = []
  if (isWord('ORDER')) {
    i++
    expectWord('BY')
    do {
      const key = isWord('COUNT') ? (countStar(), COUNT) : path()
      let desc = false
      if (isWord('ASC') || isWord('DESC')) desc = tokens[i++].up === 'DESC'
      orderBy.push({ key, desc })
    } while (isOp(',') && ++i)
  }
  if (i < tokens.length) fail('end of expression')

  const hasCount = select.some(s => s.kind === 'count')
  if (groupBy.length > 3)
    throw new InvalidExpression('Invalid expression: GROUP BY takes at most 3 properties')
  if (groupBy.length > 0 || hasCount) {
    for (const s of select) {
      if (s.kind === 'star')
        throw new InvalidExpression('Invalid expression: * cannot be used with aggregates')
      if (s.kind === 'field' && !groupBy.includes(s.path))
        throw new InvalidExpression(
          `Invalid expression: ${s.path} must appear in the GROUP BY clause`
        )
    }
    for (const o of orderBy)
      if (o.key !== COUNT && !groupBy.includes(o.key))
        throw new InvalidExpression(
          `Invalid expression: ORDER BY ${o.key} must appear in the GROUP BY clause`
        )
  }
  return { select, where, groupBy, orderBy }
}

/** @param {Query} query */
export function selectFieldNames(query) {
  return query.select.flatMap(s =>
    s.kind === 'star' ? STAR_FIELDS : s.kind === 'count' ? [COUNT] : [s.path]
  )
}
