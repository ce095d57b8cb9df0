// A chunk of this many records is joined while its pieces are still young: V8 frees short-lived
// strings for nothing but copies every string that outlives a minor GC, and the pieces of a
// 60 MB report joined once at the end would all be copied, twice.
const CHUNK = 1000

/**
 * `head` followed by `render(item)` for every item, `separator` between them: the same text as
 * `head + items.map(render).join(separator)`, built a thousand items at a time.
 */
export function joinInChunks<T>(
  head: string,
  items: readonly T[],
  render: (item: T) => string,
  separator: string
): string {
  const chunks = [head]
  for (let start = 0; start < items.length; start += CHUNK) {
    const end = Math.min(items.length, start + CHUNK)
    const parts: string[] = []
    for (let i = start; i < end; i++) parts.push(render(items[i] as T))
    chunks.push((start > 0 ? separator : '') + parts.join(separator))
  }
  return chunks.join('')
}
