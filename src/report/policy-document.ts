import { isJsonObject } from './config-fields.js'

/**
 * The decoded policy document, or undefined when it cannot be read. Config stores documents
 * URL-encoded (`%7B%22Version...`) as IAM returns them; some payloads carry them already decoded,
 * as an object or as plain JSON text.
 */
export function decodePolicyDocument(document: unknown): object | undefined {
  if (isJsonObject(document)) return document
  if (typeof document !== 'string') return undefined
  const text = document.trim()
  try {
    // URL encoding turns `{` into %7B, so text that starts with `{` is plain JSON, and decoding it
    // would corrupt any literal `%` inside.
    const parsed: unknown = JSON.parse(text.startsWith('{') ? text : decodeURIComponent(text))
    return isJsonObject(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}
