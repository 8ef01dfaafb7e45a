import { describe, expect, it } from 'vitest'
import { decodeToken, encodeToken, mergeTokens, tokensWithin } from './consistency.js'

describe('consistency tokens', () => {
  it('round-trips positions through an opaque base64url string', () => {
    const token = encodeToken([['org#group#1', 3], ['org#user#2', 1]])
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeToken(token)).toEqual([['org#group#1', 3], ['org#user#2', 1]])
  })
  it('keeps the highest version of a stream named twice', () => {
    expect(decodeToken(encodeToken([['s', 2], ['s', 5], ['s', 4]]))).toEqual([['s', 5]])
  })
  it('answers undefined for anything it did not produce', () => {
    expect(decodeToken(undefined)).toBeUndefined()
    expect(decodeToken('')).toBeUndefined()
    expect(decodeToken('not a token!')).toBeUndefined()
    expect(decodeToken(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined()
    expect(decodeToken(Buffer.from('[["s",-1]]').toString('base64url'))).toBeUndefined()
    expect(decodeToken(Buffer.from('[["s",1.5]]').toString('base64url'))).toBeUndefined()
  })
  it('merges tokens, ignoring invalid ones', () => {
    const merged = mergeTokens(encodeToken([['a', 1], ['b', 7]]), 'garbage!', encodeToken([['a', 4]]), undefined)
    expect(decodeToken(merged)).toEqual([['a', 4], ['b', 7]])
  })

  it("keeps only one organization's positions, so that a token cannot time another tenant's writes", () => {
    const mine = 'a'.repeat(32)
    const theirs = 'b'.repeat(32)
    const token = encodeToken([[`${mine}#user#1`, 3], [`${theirs}#user#2`, 9]])
    expect(decodeToken(tokensWithin(mine, [token, encodeToken([[`${mine}#group#3`, 1]])]))).toEqual([[`${mine}#group#3`, 1], [`${mine}#user#1`, 3]])
    expect(decodeToken(tokensWithin(theirs.slice(0, 31), [token]))).toEqual([])
  })
})
