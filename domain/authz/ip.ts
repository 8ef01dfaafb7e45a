// IPv4 / IPv6 addresses and CIDR ranges, for IpAddress conditions and CEL's inIpRange.
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are treated as their IPv4 address.

export interface IpAddress {
  /** 4 bytes (IPv4) or 16 bytes (IPv6). */
  bytes: Uint8Array
}

export interface IpRange {
  bytes: Uint8Array
  prefix: number
}

export function parseIp(text: string): IpAddress | undefined {
  const bytes = text.includes(':') ? parseIpv6(text) : parseIpv4(text)
  if (!bytes) return undefined
  return { bytes: isIpv4Mapped(bytes) ? bytes.slice(12) : bytes }
}

/** `a.b.c.d/n`, `x::y/n`, or a bare address (a range of one). Host bits beyond the prefix are ignored. */
export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/')
  const address = parseIp(slash < 0 ? text : text.slice(0, slash))
  if (!address) return undefined
  const width = address.bytes.length * 8
  if (slash < 0) return { bytes: address.bytes, prefix: width }
  const prefixText = text.slice(slash + 1)
  if (!/^\d{1,3}$/.test(prefixText)) return undefined
  let prefix = Number(prefixText)
  // A mapped IPv6 range (::ffff:0:0/96 and longer) narrows to its IPv4 part.
  if (text.slice(0, slash).includes(':') && address.bytes.length === 4) prefix -= 96
  if (prefix < 0 || prefix > width) return undefined
  return { bytes: address.bytes, prefix }
}

export function rangeContains(range: IpRange, address: IpAddress): boolean {
  if (range.bytes.length !== address.bytes.length) return false
  let bits = range.prefix
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if (((range.bytes[i] as number) & mask) !== ((address.bytes[i] as number) & mask)) return false
  }
  return true
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined
    const value = Number(part)
    if (value > 255) return undefined
    bytes[i] = value
  }
  return bytes
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = groups(halves[0] as string)
  const tail = halves.length === 2 ? groups(halves[1] as string) : []
  if (!head || !tail) return undefined
  const compressed = halves.length === 2
  if (compressed ? head.length + tail.length > 7 : head.length !== 8) return undefined
  const words = compressed ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head
  const bytes = new Uint8Array(16)
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8
    bytes[2 * i + 1] = word & 0xff
  })
  return bytes
}

/** Colon-separated 16-bit groups; a trailing dotted IPv4 counts as two. */
function groups(text: string): number[] | undefined {
  if (text === '') return []
  const parts = text.split(':')
  const words: number[] = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part)
      if (!v4) return undefined
      words.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number))
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined
      words.push(parseInt(part, 16))
    }
  }
  return words
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false
  return bytes[10] === 0xff && bytes[11] === 0xff
}
