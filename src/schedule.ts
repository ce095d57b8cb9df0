export type Weekday =
  'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday'

export const WEEKDAYS: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday'
]

/**
 * GitHub cron has no `#` and ORs day-of-month with day-of-week, so "first Monday" is a Monday cron
 * plus this check: a scheduled run skips unless today, in `timezone`, is that weekday on day 1-7.
 */
export function shouldSkipRun(
  scheduleDay: Weekday | null,
  timezone: string,
  eventName: string,
  now: Date
): boolean {
  if (scheduleDay === null || eventName !== 'schedule') return false
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric'
  }).formatToParts(now)
  const weekday = parts.find(p => p.type === 'weekday')?.value.toLowerCase()
  const day = Number(parts.find(p => p.type === 'day')?.value)
  return !(weekday === scheduleDay && day >= 1 && day <= 7 && WEEKDAYS.includes(weekday))
}
