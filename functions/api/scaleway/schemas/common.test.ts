import { z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { duration, durationOut, id, idOut, parseTimestamp, queryBoolean, timestampOut } from './common.js'

describe('wire values', () => {
  it('reads RFC 3339 as the SDKs send it, and refuses what is not a date', () => {
    const utc = '2022-03-22T12:34:56.123Z'
    expect(parseTimestamp('2022-03-22T12:34:56.123Z')?.toISOString()).toBe(utc)
    expect(parseTimestamp('2022-03-22 12:34:56.123456+00:00')?.toISOString()).toBe(utc) // Python str(datetime)
    expect(parseTimestamp('2022-03-22T14:34:56.123+02:00')?.toISOString()).toBe(utc)
    expect(parseTimestamp('2022-03-22T12:34:56.123')?.toISOString()).toBe(utc) // naive = UTC
    expect(parseTimestamp('2022-02-31T00:00:00Z')).toBeUndefined()
    expect(parseTimestamp('yesterday')).toBeUndefined()
  })

  it('renders timestamps in UTC whatever the handler gives', () => {
    expect(z.encode(timestampOut, new Date('2022-03-22T14:34:56+02:00'))).toBe('2022-03-22T12:34:56.000Z')
    expect(z.encode(timestampOut, '2022-03-22T12:34:56.000Z')).toBe('2022-03-22T12:34:56.000Z')
  })

  it('accepts any id rendering and renders dashed UUIDs', () => {
    expect(id.parse('0190F2A4-C7E3-7D3A-9B1E-2F3A4B5C6D7E')).toBe('0190f2a4c7e37d3a9b1e2f3a4b5c6d7e')
    expect(id.safeParse('not-an-id').success).toBe(false)
    expect(z.encode(idOut, '0190f2a4c7e37d3a9b1e2f3a4b5c6d7e')).toBe('0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c6d7e')
    expect(z.encode(idOut, 'system:cli')).toBe('system:cli')
  })

  it('reads durations in seconds and booleans in any case', () => {
    expect(duration.parse('2.5s')).toBe(2.5)
    expect(duration.safeParse('1h').success).toBe(false)
    expect(z.encode(durationOut, 86_400)).toBe('86400s')
    expect(['True', 'FALSE', '1', 'false'].map((value) => queryBoolean.parse(value))).toEqual([true, false, true, false])
    expect(queryBoolean.safeParse('yes').success).toBe(false)
  })
})
