import { describe, expect, it } from 'vitest'
import { checkDescription, checkName, checkTags, parseId } from './fields.js'

describe('Scaleway field rules', () => {
  it('accepts names of words separated by spaces, up to 64 characters', () => {
    expect(checkName('name', 'my-app (prod) v1.2_x')).toBeUndefined()
    expect(checkName('name', 'x'.repeat(64))).toBeUndefined()
  })

  it('refuses empty, over-long, padded and punctuated names', () => {
    expect(checkName('name', '')).toMatchObject({ kind: 'invalid_argument', argument: 'name', reason: 'required' })
    expect(checkName('name', 'x'.repeat(65))).toMatchObject({ argument: 'name', reason: 'constraint' })
    expect(checkName('name', ' padded')).toMatchObject({ reason: 'format' })
    expect(checkName('name', 'a/b')).toMatchObject({ reason: 'format' })
  })

  it('limits descriptions to 200 characters', () => {
    expect(checkDescription('description', 'd'.repeat(200))).toBeUndefined()
    expect(checkDescription('description', 'd'.repeat(201))).toMatchObject({ argument: 'description' })
  })

  it('accepts at most 10 distinct tags of the allowed characters', () => {
    expect(checkTags('tags', ['env=prod', 'team/a', 'x@y', 'with space'])).toBeUndefined()
    expect(checkTags('tags', Array.from({ length: 11 }, (_, i) => `t${i}`))).toMatchObject({ argument: 'tags' })
    expect(checkTags('tags', ['a', 'a'])).toMatchObject({ argument: 'tags' })
    expect(checkTags('tags', ['a:b'])).toMatchObject({ reason: 'format' })
    expect(checkTags('tags', [''])).toMatchObject({ argument: 'tags' })
  })

  it('normalizes ids from any rendering and names a field that is not one', () => {
    expect(parseId('project_id', 'AAAAAAAA-aaaa-aaaa-aaaa-aaaaaaaaaaaa')).toBe('a'.repeat(32))
    expect(parseId('project_id', 'nope')).toMatchObject({ kind: 'invalid_argument', argument: 'project_id', reason: 'format' })
  })
})
