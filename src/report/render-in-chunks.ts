// Pieces of about this many characters: strings under V8's large-object threshold (128 KiB) are
// born and die in the young generation, almost for free. Joining a thousand records at a time made
// 400 KB strings that V8 allocates as large objects, which count towards the next full GC: writing
// a 100,000-user report took ten times as long.
const CHUNK_CHARACTERS = 48 * 1024

/**
 * `render(item)` for every item, `separator` between them, in pieces of about 48 K characters:
 * the pieces joined are `items.map(render).join(separator)`. The caller writes each piece out and
 * drops it, so a 60 MB report never exists as one string.
 */
export function* renderInChunks<T>(
  items: readonly T[],
  render: (item: T) => string,
  separator: string
): Generator<string, void, undefined> {
  let parts: string[] = []
  let length = 0
  for (let i = 0; i < items.length; i++) {
    // Joined with a leading '' rather than prefixed, so that each piece is one flat string.
    if (i > 0 && parts.length === 0) parts.push('')
    const text = render(items[i] as T)
    parts.push(text)
    length += text.length
    if (length >= CHUNK_CHARACTERS) {
      yield parts.join(separator)
      parts = []
      length = 0
    }
  }
  if (parts.length > 0) yield parts.join(separator)
}
