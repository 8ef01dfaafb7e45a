import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCel, validateCel, type CelOutcome } from './cel.js'
import { wallClock } from './celTime.js'
import { CONTEXT_KEYS, contextMap } from './context.js'
import type { RequestContext } from './statement.js'

// Saturday 4 May 2024, 22:30 UTC = Sunday 5 May, 00:30 in Paris (UTC+2) and 07:30 in Seoul (UTC+9).
const SATURDAY_NIGHT = '2024-05-04T22:30:00Z'

function request(fields: { ip?: string; userAgent?: string; time?: string | number } = {}): RequestContext {
  const context: RequestContext = {}
  if (fields.ip !== undefined) context[CONTEXT_KEYS.ip] = fields.ip
  if (fields.userAgent !== undefined) context[CONTEXT_KEYS.userAgent] = fields.userAgent
  if (fields.time !== undefined) context[CONTEXT_KEYS.time] = fields.time
  return context
}

function run(expression: string, context: RequestContext): CelOutcome {
  const compiled = compileCel(expression)
  if (!compiled.ok) throw new Error(compiled.error)
  return compiled.evaluate(contextMap(context))
}
const met = (expression: string, context: RequestContext) => run(expression, context).met

describe('CEL conditions: the documented examples (field-notes §7)', () => {
  it('request.user_agent.contains("terraform/")', () => {
    const expression = 'request.user_agent.contains("terraform/")'
    expect(validateCel(expression)).toBeUndefined()
    expect(met(expression, request({ userAgent: 'Terraform/1.7 terraform/1.7.5 scaleway-sdk-go' }))).toBe(true)
    expect(met(expression, request({ userAgent: 'scaleway-cli/2.30' }))).toBe(false)
  })

  it('weekdays only: getDayOfWeek() != 0 && getDayOfWeek() != 6', () => {
    const expression = 'request.time.getDayOfWeek() != 0 && request.time.getDayOfWeek() != 6'
    expect(met(expression, request({ time: SATURDAY_NIGHT }))).toBe(false)
    expect(met(expression, request({ time: '2024-05-06T09:00:00Z' }))).toBe(true)
  })

  it('time-zone arguments: request.time.getHours("Europe/Paris")', () => {
    expect(met('request.time.getHours("Europe/Paris") == 0', request({ time: SATURDAY_NIGHT }))).toBe(true)
    expect(met('request.time.getHours() == 22', request({ time: SATURDAY_NIGHT }))).toBe(true)
    expect(met('request.time.getDayOfWeek("Europe/Paris") == 0', request({ time: SATURDAY_NIGHT }))).toBe(true)
    expect(met('request.time.getHours("Asia/Seoul") == 7 && request.time.getDate("Asia/Seoul") == 5', request({ time: SATURDAY_NIGHT }))).toBe(true)
    expect(met('request.time.getHours("+05:30") == 4 && request.time.getMinutes("+05:30") == 0', request({ time: SATURDAY_NIGHT }))).toBe(true)
    expect(met('request.time.getHours("-03:00") == 19', request({ time: SATURDAY_NIGHT }))).toBe(true)
  })

  it('inIpRange(request.ip, subnet) for IPv4 and IPv6', () => {
    const expression = 'inIpRange(request.ip, "192.0.2.0/24") || inIpRange(request.ip, "2001:db8::/32")'
    expect(validateCel(expression)).toBeUndefined()
    expect(met(expression, request({ ip: '192.0.2.10' }))).toBe(true)
    expect(met(expression, request({ ip: '2001:db8::5' }))).toBe(true)
    expect(met(expression, request({ ip: '198.51.100.1' }))).toBe(false)
    expect(met('!inIpRange(request.ip, "10.0.0.0/8")', request({ ip: '198.51.100.1' }))).toBe(true)
  })

  it('standard string and comparison functions', () => {
    const context = request({ ip: '192.0.2.10', userAgent: 'Scaleway-CLI/2.30', time: SATURDAY_NIGHT })
    expect(met('request.user_agent.lowerAscii().startsWith("scaleway-cli/")', context)).toBe(true)
    expect(met('request.user_agent.matches("^Scaleway-CLI/2\\\\.[0-9]+$")', context)).toBe(true)
    expect(met('request.ip.endsWith(".10") && size(request.ip) == 10', context)).toBe(true)
    expect(met('request.ip in ["192.0.2.10", "192.0.2.11"]', context)).toBe(true)
    expect(met('request.time > timestamp("2024-01-01T00:00:00Z") && request.time - timestamp("2024-05-04T00:00:00Z") > duration("22h")', context)).toBe(true)
    expect(met('request.user_agent.split("/")[0] == "Scaleway-CLI"', context)).toBe(true)
    expect(met('has(request.ip) && !has(request.user_agent)', request({ ip: '1.2.3.4' }))).toBe(true)
    expect(met('["a", "b"].exists(x, request.user_agent.contains(x))', request({ userAgent: 'xbx' }))).toBe(true)
  })
})

describe('validateCel (when a rule is written)', () => {
  it('accepts boolean expressions over the request', () => {
    for (const expression of ['true', 'request.ip == "1.2.3.4"', 'request.time.getFullYear() >= 2024', 'request.user_agent.size() < 100',
      'request.time.getMonth("UTC") == 4 ? request.ip != "" : false', '[1, 2].all(n, n > 0)', 'dyn(request.ip) == "x"']) {
      expect(validateCel(expression), expression).toBeUndefined()
    }
  })

  it('refuses what does not parse', () => {
    expect(validateCel('request.ip ==')).toMatch(/expecting/)
    expect(validateCel('')).toBeDefined()
  })

  it('refuses unknown variables, fields and functions', () => {
    expect(validateCel('resource.id == "x"')).toBe("undeclared reference to 'resource'")
    expect(validateCel('request.path == "/"')).toMatch(/request has no field 'path'/)
    expect(validateCel('inIpRanges(request.ip, "10.0.0.0/8")')).toBe("undeclared reference to function 'inIpRanges'")
  })

  it('refuses ill-typed calls and comparisons', () => {
    expect(validateCel('request.ip.getHours() == 1')).toMatch(/no matching overload for 'getHours' applied to 'string\.\(\)'/)
    expect(validateCel('request.time.contains("x")')).toMatch(/no matching overload for 'contains'/)
    expect(validateCel('inIpRange(request.ip, 8)')).toMatch(/no matching overload for 'inIpRange'/)
    expect(validateCel('request.ip == 1')).toMatch(/no matching overload for '_==_'/)
    expect(validateCel('request.time.getHours() == "8"')).toMatch(/no matching overload for '_==_'/)
    expect(validateCel('request.ip && true')).toMatch(/expects booleans/)
  })

  it('refuses expressions that are not boolean', () => {
    expect(validateCel('request.ip')).toBe('a condition must be a boolean expression, this one is string')
    expect(validateCel('request.time.getHours()')).toMatch(/this one is int/)
  })

  it('refuses bad literals: time zones, timestamps, durations, regexes', () => {
    expect(validateCel('request.time.getHours("Mars/Olympus") == 1')).toBe('unknown time zone "Mars/Olympus"')
    expect(validateCel('request.time > timestamp("yesterday")')).toBeDefined()
    expect(validateCel('request.time - timestamp("2024-01-01T00:00:00Z") > duration("forever")')).toBeDefined()
    expect(validateCel('request.user_agent.matches("[")')).toBeDefined()
    expect(validateCel('1 / 0 == 1')).toMatch(/divide by zero/)
    expect(validateCel('inIpRange(request.ip, "10.0.0.0/33")')).toBe('inIpRange: "10.0.0.0/33" is not a subnet')
    expect(validateCel('request.user_agent.matches("^terraform/[0-9]+")')).toBeUndefined()
  })
})

describe('evaluation at check time', () => {
  it('truncates the user agent at 255 characters', () => {
    const long = `${'x'.repeat(255)}terraform/`
    expect(met('request.user_agent.contains("terraform/")', request({ userAgent: long }))).toBe(false)
    expect(met('size(request.user_agent) == 255', request({ userAgent: long }))).toBe(true)
    expect(met('request.user_agent.endsWith("é")', request({ userAgent: `${'x'.repeat(254)}éé` }))).toBe(true)
  })

  it('a missing variable makes the condition unmet and is reported', () => {
    expect(run('request.user_agent.contains("terraform/")', request({ ip: '1.2.3.4' }))).toMatchObject({ met: false, missing: [CONTEXT_KEYS.userAgent] })
    expect(run('request.user_agent.contains("terraform/")', request({ ip: '1.2.3.4' })).error).toBeDefined()
  })

  it('an evaluation error makes the condition unmet and says why', () => {
    expect(run('inIpRange(request.ip, "10.0.0.0/8")', request({ ip: 'localhost' }))).toEqual({
      met: false, error: 'inIpRange: "localhost" is not an IP address', missing: [],
    })
    expect(run('request.time.getHours(request.user_agent) == 1', request({ time: SATURDAY_NIGHT, userAgent: 'Nowhere/Land' })).met).toBe(false)
  })

  it('reads the time as ISO 8601 or epoch seconds', () => {
    expect(met('request.time == timestamp("2024-05-04T22:30:00Z")', request({ time: 1714861800 }))).toBe(true)
    expect(met('request.time.getMilliseconds() == 250', request({ time: '2024-05-04T22:30:00.250Z' }))).toBe(true)
    expect(run('request.time.getHours() == 1', request({ time: 'teatime' })).missing).toEqual([])
    expect(met('request.time.getHours() == 1', request({ time: 'teatime' }))).toBe(false)
  })

  it('caches one program per expression', () => {
    expect(compileCel('request.ip == "1.2.3.4"')).toBe(compileCel('request.ip == "1.2.3.4"'))
    expect(compileCel('request.ip ==')).toBe(compileCel('request.ip =='))
  })
})

describe('time zones', () => {
  it('agree with Intl for IANA zones at random instants', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC', 'America/St_Johns']
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...zones), (ms, timeZone) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric',
            minute: 'numeric', second: 'numeric', weekday: 'short' }).formatToParts(ms).map((p) => [p.type, p.value]),
        )
        const clock = wallClock(ms, timeZone)
        expect([clock.fullYear, clock.month + 1, clock.date, clock.hours, clock.minutes, clock.seconds]).toEqual(
          ['year', 'month', 'day', 'hour', 'minute', 'second'].map((field) => Number(parts[field])),
        )
        expect(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][clock.dayOfWeek]).toBe(parts.weekday)
        expect(clock.milliseconds).toBe(ms % 1000)
      }),
      { numRuns: 500 },
    )
  })

  it('counts the day of the year from zero', () => {
    expect(wallClock(Date.parse('2024-01-01T00:00:00Z')).dayOfYear).toBe(0)
    expect(wallClock(Date.parse('2024-12-31T12:00:00Z')).dayOfYear).toBe(365)
    expect(wallClock(Date.parse('2023-12-31T23:30:00Z'), 'Europe/Paris')).toMatchObject({ fullYear: 2024, dayOfYear: 0, hours: 0 })
  })
})
