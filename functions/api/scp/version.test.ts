import { describe, expect, it } from 'vitest'
import { negotiateVersion } from './version.js'

const now = new Date('2026-01-01T00:00:00Z')
const after = new Date('2026-06-01T00:00:00Z')

describe('Scp-Api-Version', () => {
  it('defaults to 1.2 and serves 1.2 without deprecation headers', () => {
    expect(negotiateVersion(undefined, now, { enforceSunset: false })).toEqual({ ok: true, version: '1.2', headers: {} })
    expect(negotiateVersion('iam 1.2', now, { enforceSunset: true })).toEqual({ ok: true, version: '1.2', headers: {} })
    expect(negotiateVersion('IAM 1.2,', now, { enforceSunset: false })).toMatchObject({ ok: true, version: '1.2' })
  })
  it('serves 1.0 and 1.1 with Deprecation and Sunset at the documented dates', () => {
    expect(negotiateVersion('iam 1.0', after, { enforceSunset: false })).toEqual({
      ok: true, version: '1.0', headers: { Deprecation: '@1771804800', Sunset: 'Mon, 23 Feb 2026 00:00:00 GMT' },
    })
    expect(negotiateVersion('iam 1.1', now, { enforceSunset: true })).toMatchObject({ ok: true, headers: { Sunset: 'Sun, 31 May 2026 00:00:00 GMT' } })
  })
  it('refuses a sunset version only when enforcement is on', () => {
    expect(negotiateVersion('iam 1.1', after, { enforceSunset: true })).toMatchObject({ ok: false })
    expect(negotiateVersion('iam 1.0', new Date('2026-03-01T00:00:00Z'), { enforceSunset: true })).toMatchObject({ ok: false })
    expect(negotiateVersion('iam 1.0', now, { enforceSunset: true })).toMatchObject({ ok: true })
  })
  it('refuses unknown and malformed versions', () => {
    for (const value of ['iam 2.0', '1.2', 'scp 1.2', 'iam', 'iam 1.2.1']) {
      expect(negotiateVersion(value, now, { enforceSunset: false }).ok).toBe(false)
    }
  })
})
