import { failUnexpectedly, run } from './main.js'

/* istanbul ignore next */
process.on('unhandledRejection', failUnexpectedly)
await run()
