import { run } from './main.js'

/* istanbul ignore next */
process.on('unhandledRejection', error => {
  process.exitCode = 1
  console.error(error)
})
await run()
