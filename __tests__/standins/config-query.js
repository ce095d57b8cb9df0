// Evaluates a parsed Config query over Config items: WHERE matching, GROUP BY with COUNT(*),
// ORDER BY, and the nested projection Config applies to dotted selections.
import { COUNT, selectFieldNames } from './config-sql.js'

/**
 * Leaf values at a dotted path; arrays along the way are flattened, as Config matches a condition
 * on `configuration.attachedManagedPolicies.policyName` against any element.
 * @param {any} value @param {string[]} parts @returns {any[]}
 */
function valuesAt(value, parts, from = 0) {
  if (value === null || value === undefined) return []
  if (Array.isArray(value)) return value.flatMap(v => valuesAt(v, parts, from))
  if (from === parts.length) return [value]
  if (typeof value !== 'object') return []
  return valuesAt(value[parts[from]], parts, from + 1)
}

/** @param {any} a @param {any} b */
function compare(a, b) {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) - Number(b)
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Whether `value` equals one of the IN list's literals. String literals sit in a Set, so a query
 * naming hundreds of accounts costs one lookup per item, not one comparison per account.
 * @param {any} node @param {any} value
 */
function inList(node, value) {
  if (!node.lookup) {
    const strings = new Set(node.values.filter((/** @type {any} */ w) => typeof w === 'string'))
    node.lookup = { strings, others: node.values.filter((/** @type {any} */ w) => !strings.has(w)) }
  }
  const { strings, others } = node.lookup
  if (typeof value === 'string' && strings.has(value)) return true
  const rest = typeof value === 'string' ? others : node.values
  return rest.some((/** @type {any} */ w) => compare(value, w) === 0)
}

/** @param {any} node @param {any} item @returns {boolean} */
function matches(node, item) {
  switch (node.op) {
    case 'and':
      return matches(node.left, item) && matches(node.right, item)
    case 'or':
      return matches(node.left, item) || matches(node.right, item)
    case 'not':
      return !matches(node.expr, item)
  }
  const values = valuesAt(item, node.path.split('.'))
  if (node.op === 'in') return values.some(v => inList(node, v)) !== node.negate
  if (node.op === 'like') {
    const hit = values.some(v =>
      node.exact ? String(v) === node.prefix : String(v).startsWith(node.prefix)
    )
    return hit !== node.negate
  }
  if (node.cmp === '!=') return !values.some(v => compare(v, node.value) === 0)
  return values.some(v => {
    const c = compare(v, node.value)
    return { '=': c === 0, '<': c < 0, '>': c > 0, '<=': c <= 0, '>=': c >= 0 }[
      /** @type {'='} */ (node.cmp)
    ]
  })
}

/**
 * Copies the value at `parts` from `src` into `dst`, nesting it the way Config returns dotted
 * selections (`configuration.userName` → `{"configuration":{"userName":…}}`).
 * @param {any} dst @param {any} src @param {string[]} parts
 */
function projectInto(dst, src, parts) {
  if (src === null || typeof src !== 'object') return
  const [head, ...rest] = parts
  const value = src[head]
  if (value === undefined) return
  if (rest.length === 0) {
    dst[head] = value
  } else if (Array.isArray(value)) {
    const arr = Array.isArray(dst[head]) ? dst[head] : (dst[head] = value.map(() => ({})))
    value.forEach((v, k) => projectInto(arr[k], v, rest))
  } else if (value !== null && typeof value === 'object') {
    projectInto(
      dst[head] && typeof dst[head] === 'object' ? dst[head] : (dst[head] = {}),
      value,
      rest
    )
  }
}

/**
 * Runs the query and returns a row renderer over the matching rows, so a paged caller renders only
 * the rows of the page it serves.
 * @param {import('./config-sql.js').Query} query @param {any[]} items
 * @returns {{ length: number, render: (index: number) => string, grouped: boolean }}
 */
export function runQuery(query, items) {
  const rows = query.where ? items.filter(item => matches(query.where, item)) : items.slice()
  const grouped = query.groupBy.length > 0 || query.select.some(s => s.kind === 'count')
  /** @param {any} row @param {string} key */
  const sortValue = (row, key) =>
    key === COUNT ? row.count : valuesAt(row.sample ?? row, key.split('.'))[0]
  let out = rows
  if (grouped) {
    /** @type {Map<string, { sample: any, count: number }>} */
    const groups = new Map()
    for (const item of rows) {
      const key = JSON.stringify(query.groupBy.map(p => valuesAt(item, p.split('.'))[0] ?? null))
      const group = groups.get(key)
      if (group) group.count++
      else groups.set(key, { sample: item, count: 1 })
    }
    out = [...groups.values()]
  }
  if (query.orderBy.length > 0) {
    out = out.slice().sort((a, b) => {
      for (const { key, desc } of query.orderBy) {
        const x = sortValue(a, key)
        const y = sortValue(b, key)
        const c =
          x === undefined
            ? y === undefined
              ? 0
              : 1
            : y === undefined
              ? -1
              : compare(x, y) * (desc ? -1 : 1)
        if (c !== 0) return c
      }
      return 0
    })
  }
  const paths = selectFieldNames(query).filter(name => name !== COUNT)
  return {
    length: out.length,
    grouped,
    render(index) {
      const row = out[index]
      /** @type {Record<string, unknown>} */
      const result = {}
      for (const p of paths) projectInto(result, grouped ? row.sample : row, p.split('.'))
      if (grouped) result[COUNT] = row.count
      return JSON.stringify(result)
    }
  }
}
