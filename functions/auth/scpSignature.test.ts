import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalRequestUrl, rawPathAndQuery, scpSign, scpStringToSign, signaturesEqual } from './scpSignature.js'

describe('SCP signatures', () => {
  const input = { method: 'get', url: 'http://127.0.0.1:8080/v1/access-keys?with_count=true&limit=20', timestamp: '1605290625682', accessKey: 'a'.repeat(32), clientType: 'Openapi' }

  it('signs METHOD + encodeURI(url) + timestamp + access key + client type, as SCP\'s samples do', () => {
    expect(scpStringToSign(input)).toBe(`GEThttp://127.0.0.1:8080/v1/access-keys?with_count=true&limit=20${input.timestamp}${input.accessKey}Openapi`)
    const expected = createHmac('sha256', 'secret').update(scpStringToSign(input)).digest('base64')
    expect(scpSign('secret', input)).toBe(expected)
  })

  it('rebuilds the URL the client signed from the raw path and query received', () => {
    expect(rawPathAndQuery('http://x:1/v1/resource-policies/c3Ju%2FA==?a=b%20c#frag')).toBe('/v1/resource-policies/c3Ju%2FA==?a=b%20c')
    // The client signed encodeURI of its own URL; the wire carries it percent-encoded; both meet.
    const clientUrl = 'http://h:1/v1/resource-policies/c3Ju%2FA==?name=a b'
    const received = canonicalRequestUrl('http://h:1', '/v1/resource-policies/c3Ju%2FA==?name=a%20b')!
    expect(encodeURI(received)).toBe(encodeURI(clientUrl))
    expect(canonicalRequestUrl('http://h:1', '/v1/%E0%A4%A')).toBeUndefined()
  })

  it('compares in constant time and refuses different lengths', () => {
    expect(signaturesEqual('abc', 'abc')).toBe(true)
    expect(signaturesEqual('abc', 'abd')).toBe(false)
    expect(signaturesEqual('abc', 'ab')).toBe(false)
  })
})
