// Consistency tokens (DESIGN §5): an opaque base64url list of (stream id, version) that a write answers with and
// a later read or check may send back, so that it waits until the projections cover those positions.
export type Position = [streamId: string, version: number]

export function encodeToken(positions: readonly Position[]): string {
  return Buffer.from(JSON.stringify(normalize(positions)), 'utf8').toString('base64url')
}

/** Tolerant: anything that is not a token this module produced gives undefined (the caller then does not wait). */
export function decodeToken(token: string | undefined | null): Position[] | undefined {
  if (!token || token.length > 16_384 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (!Array.isArray(parsed) || !parsed.every(isPosition)) return undefined
    return normalize(parsed)
  } catch {
    return undefined
  }
}

/** The union of several tokens, keeping the highest version per stream; invalid tokens are ignored. */
export function mergeTokens(...tokens: Array<string | undefined | null>): string {
  return encodeToken(tokens.flatMap((token) => decodeToken(token) ?? []))
}

/**
 * The tokens' positions on one organization's streams, merged. What a request waits for: another tenant's streams
 * are dropped, so that a token cannot be used to time another organization's writes.
 */
export function tokensWithin(organizationId: string, tokens: ReadonlyArray<string | undefined | null>): string {
  return encodeToken(tokens.flatMap((token) => decodeToken(token) ?? []).filter(([streamId]) => streamId.startsWith(`${organizationId}#`)))
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && value[0].length > 0 &&
    Number.isSafeInteger(value[1]) && (value[1] as number) >= 0
}

function normalize(positions: readonly Position[]): Position[] {
  const highest = new Map<string, number>()
  for (const [stream, version] of positions) highest.set(stream, Math.max(version, highest.get(stream) ?? 0))
  return [...highest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}
