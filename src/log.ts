import * as core from '@actions/core'

/**
 * A log line that may hold outside text (names from AWS, a baseline's fields, a service's error
 * message). The runner runs any line of the log that starts with `::` as a workflow command, and
 * `core.info` writes text as it is, so every line break is shown as ` ⏎ ` instead: whatever the
 * text holds stays on this line, after our own words. (`core.warning` and `core.error` escape
 * their text themselves.)
 */
export function info(message: string): void {
  core.info(oneLine(message))
}

export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' \u23ce ')
}
