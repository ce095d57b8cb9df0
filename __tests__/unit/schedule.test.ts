import { shouldSkipRun } from '../../src/schedule.js'

describe('shouldSkipRun', () => {
  // 2026-12-07 is the first Monday of December 2026; 2026-12-14 the second.
  const firstMonday = new Date('2026-12-07T09:00:00Z')
  const secondMonday = new Date('2026-12-14T09:00:00Z')

  it('runs a scheduled run on the first Monday', () => {
    expect(shouldSkipRun('monday', 'UTC', 'schedule', firstMonday)).toBe(false)
  })

  it('skips a scheduled run on a later Monday', () => {
    expect(shouldSkipRun('monday', 'UTC', 'schedule', secondMonday)).toBe(true)
  })

  it('never skips a run that was not triggered by schedule', () => {
    expect(shouldSkipRun('monday', 'UTC', 'workflow_dispatch', secondMonday)).toBe(false)
  })

  it('never skips with schedule-day any', () => {
    expect(shouldSkipRun(null, 'UTC', 'schedule', secondMonday)).toBe(false)
  })

  it('judges the day in the configured time zone', () => {
    // Monday 2026-12-07 00:30 in Berlin is still Sunday 2026-12-06 in UTC.
    const lateSundayUtc = new Date('2026-12-06T23:30:00Z')
    expect(shouldSkipRun('monday', 'Europe/Berlin', 'schedule', lateSundayUtc)).toBe(false)
    expect(shouldSkipRun('monday', 'UTC', 'schedule', lateSundayUtc)).toBe(true)
  })

  it('treats day 7 as the first week and day 8 as not', () => {
    // 2027-02-01 is a Monday, so 2027-02-08 is the second; 2026-09-07 is a first Monday on day 7.
    expect(shouldSkipRun('monday', 'UTC', 'schedule', new Date('2026-09-07T12:00:00Z'))).toBe(false)
    expect(shouldSkipRun('monday', 'UTC', 'schedule', new Date('2027-02-08T12:00:00Z'))).toBe(true)
  })
})
