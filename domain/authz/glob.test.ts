import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileGlob, compileGlobs } from './glob.js'

/** Plain recursive matcher, the reference. */
function globMatches(pattern: string, value: string): boolean {
  if (pattern === '') return value === ''
  const [head, rest] = [pattern[0], pattern.slice(1)]
  if (head === '*') return globMatches(rest, value) || (value !== '' && globMatches(pattern, value.slice(1)))
  if (value === '') return false
  return (head === '?' || head === value[0]) && globMatches(rest, value.slice(1))
}

describe('glob', () => {
  it('matches literals exactly and case-sensitively', () => {
    expect(compileGlob('iam:GetUser')('iam:GetUser')).toBe(true)
    expect(compileGlob('iam:GetUser')('iam:getuser')).toBe(false)
    expect(compileGlob('iam:GetUser')('iam:GetUsers')).toBe(false)
  })

  it('lets * span separators and ? match one character', () => {
    expect(compileGlob('org/a/*')('org/a/project/p/iam/user/u')).toBe(true)
    expect(compileGlob('org/a/*')('org/a')).toBe(false)
    expect(compileGlob('iam:Get?ser')('iam:GetUser')).toBe(true)
    expect(compileGlob('iam:Get?ser')('iam:GetUUser')).toBe(false)
  })

  it('treats regex metacharacters literally', () => {
    expect(compileGlob('a.b(c)[d]+$')('a.b(c)[d]+$')).toBe(true)
    expect(compileGlob('a.b')('axb')).toBe(false)
  })

  it('matches nothing without patterns', () => {
    expect(compileGlobs([])('x')).toBe(false)
  })

  it('agrees with a recursive matcher on random patterns', () => {
    const chars = fc.constantFrom('a', 'b', '/', ':', '.', '*', '?')
    const text = fc.constantFrom('a', 'b', '/', ':', '.')
    fc.assert(
      fc.property(fc.array(fc.string({ unit: chars, maxLength: 6 }), { maxLength: 3 }), fc.string({ unit: text, maxLength: 8 }), (patterns, value) => {
        expect(compileGlobs(patterns)(value)).toBe(patterns.some((p) => globMatches(p, value)))
      }),
      { numRuns: 2000 },
    )
  })
})
