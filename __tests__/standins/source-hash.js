// What dist/ was built from, by content: `npm run build` records the hash in dist/source-hash.txt
// and the runner of dist/ (run-action.js) refuses a bundle whose hash is not that of the files here
// now. File times cannot tell: a git clone gives every file the time of the clone.
//
// Run as a script (`node __tests__/standins/source-hash.js`), it prints the hash.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(import.meta.dirname, '..', '..')

/**
 * Everything ncc reads to make the bundle: the source, the locked dependencies, the compiler
 * options. Paths relative to the repository with `/`, in code-unit order, so that the hash is the
 * same on every machine.
 */
async function inputFiles() {
  const source = await readdir(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
  return [
    ...source
      .filter(entry => entry.isFile())
      .map(entry => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/')),
    'package-lock.json',
    'tsconfig.json'
  ].sort()
}

/** sha256 over each input file's path, length and bytes, in path order. */
export async function sourceHash() {
  const hash = createHash('sha256')
  for (const file of await inputFiles()) {
    const bytes = await readFile(join(ROOT, file))
    hash.update(`${file}\n${bytes.length}\n`).update(bytes)
  }
  return hash.digest('hex')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await sourceHash())
