import { describe, expect, it } from 'vitest'
import { parseCidr, parseIp, rangeContains } from './ip.js'

const inRange = (range: string, address: string) => {
  const r = parseCidr(range)
  const a = parseIp(address)
  if (!r || !a) throw new Error(`bad input ${range} ${address}`)
  return rangeContains(r, a)
}

describe('ip', () => {
  it('parses IPv4 strictly', () => {
    expect(parseIp('192.0.2.1')?.bytes).toEqual(new Uint8Array([192, 0, 2, 1]))
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.a', '', ' 1.2.3.4']) expect(parseIp(bad)).toBeUndefined()
  })

  it('parses IPv6 with compression and an embedded IPv4', () => {
    expect(parseIp('2001:db8::1')?.bytes).toEqual(new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))
    expect(parseIp('::')?.bytes).toEqual(new Uint8Array(16))
    expect(parseIp('64:ff9b::192.0.2.33')?.bytes.slice(12)).toEqual(new Uint8Array([192, 0, 2, 33]))
    for (const bad of ['2001:db8:::1', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8:9', 'g::1', 'fe80::1%eth0']) {
      expect(parseIp(bad)).toBeUndefined()
    }
  })

  it('treats an IPv4-mapped IPv6 address as IPv4', () => {
    expect(parseIp('::ffff:10.1.2.3')?.bytes).toEqual(new Uint8Array([10, 1, 2, 3]))
    expect(inRange('10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true)
    expect(inRange('::ffff:10.0.0.0/104', '10.1.2.3')).toBe(true)
  })

  it('checks membership by prefix bits', () => {
    expect(inRange('203.0.113.0/24', '203.0.113.77')).toBe(true)
    expect(inRange('203.0.113.0/24', '203.0.114.1')).toBe(false)
    expect(inRange('10.0.0.0/9', '10.127.255.255')).toBe(true)
    expect(inRange('10.0.0.0/9', '10.128.0.0')).toBe(false)
    expect(inRange('0.0.0.0/0', '8.8.8.8')).toBe(true)
    expect(inRange('198.51.100.7', '198.51.100.7')).toBe(true)
    expect(inRange('198.51.100.7', '198.51.100.8')).toBe(false)
    expect(inRange('2001:db8::/32', '2001:db8:ffff::1')).toBe(true)
    expect(inRange('2001:db8::/33', '2001:db8:8000::1')).toBe(false)
    expect(inRange('2001:db8::/32', '10.0.0.1')).toBe(false)
  })

  it('refuses malformed ranges', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '2001:db8::/129', 'x/8', '10.0.0.0/8/8']) expect(parseCidr(bad)).toBeUndefined()
  })
})
