import { describe, expect, it } from 'vitest'
import { canonicalParams, decodeSrnParam, encodeSrnParam } from './params.js'

describe('SRN path parameters', () => {
  const srn = 'srn:dev2::1234567890102345690:kr-west1::virtualserver:virtual-server/abcde-1234-5555-6666'

  it('decodes the document example (standard base64 with padding)', () => {
    expect(decodeSrnParam('c3JuOmRldjI6OjEyMzQ1Njc4OTAxMDIzNDU2OTA6a3Itd2VzdDE6OnZpcnR1YWxzZXJ2ZXI6dmlydHVhbC1zZXJ2ZXIvYWJjZGUtMTIzNC01NTU1LTY2NjY=')).toBe(srn)
  })

  it('accepts URL-safe and unpadded forms of a base64 holding / + and =', () => {
    // Chosen so that its standard base64 holds '/', '+' and '=' padding.
    // ASCII text yields '/' only through '?' (a wildcard in SRNs) or DEL, hence a non-ASCII id.
    const tricky = 'srn:e::0123456789abcdef0123456789abcdef:::iam:group/¿¿~a'
    const standard = encodeSrnParam(tricky)
    expect(standard).toMatch(/\//)
    expect(standard).toMatch(/\+/)
    expect(standard).toMatch(/=$/)
    const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_')
    for (const form of [standard, urlSafe, standard.replace(/=+$/, ''), urlSafe.replace(/=+$/, '')]) expect(decodeSrnParam(form)).toBe(tricky)
  })

  it('refuses what is not base64 of an SRN', () => {
    for (const value of ['', 'not base64!', Buffer.from('hello').toString('base64'), 'a']) expect(decodeSrnParam(value)).toBeUndefined()
  })

  it('normalizes ids and answers a malformed one as unknown', () => {
    expect(canonicalParams({ group_id: '0E0688B3-3641-451A-83D2-AB8878666FDA', sid: 'statement1' })).toEqual({
      ok: true, params: { group_id: '0e0688b33641451a83d2ab8878666fda', sid: 'statement1' },
    })
    expect(canonicalParams({ group_id: 'bulk' })).toMatchObject({ ok: false, error: { status: 404 } })
    expect(canonicalParams({ srn: 'xx' })).toMatchObject({ ok: false, error: { status: 400 } })
  })
})
