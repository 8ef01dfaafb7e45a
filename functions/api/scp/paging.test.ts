import { describe, expect, it } from 'vitest'
import { z } from '@hono/zod-openapi'
import { markerPage, markerQueryShape, pageQueryShape, paginate, queryList } from './paging.js'

interface Item { id: string; name: string; created: number }
const items: Item[] = Array.from({ length: 5 }, (_, i) => ({ id: `${i}`.repeat(32), name: `n${4 - i}`, created: i }))
const sortKeys = { created_at: (item: Item) => item.created, name: (item: Item) => item.name }
const idOf = (item: Item) => item.id

describe('page style', () => {
  it('pages, sorts and counts the total', () => {
    const page = paginate(items, { page: 1, size: 2, sort: 'name:asc' }, { sortKeys, defaultSort: 'created_at:desc', idOf })
    expect(page).toMatchObject({ count: 5, page: 1, size: 2, sort: ['name:asc'] })
    expect(page.items.map((item) => item.name)).toEqual(['n2', 'n3'])
    expect(paginate(items, { page: 9 }, { sortKeys, defaultSort: 'created_at:desc', idOf }).items).toEqual([])
  })
  it('validates page, size and sort', () => {
    const schema = z.object(pageQueryShape(['created_at', 'name']))
    expect(schema.parse({ page: '0', size: '20', sort: 'created_at:desc' })).toEqual({ page: 0, size: 20, sort: 'created_at:desc' })
    for (const bad of [{ page: '-1' }, { size: '0' }, { size: '1001' }, { sort: 'password:asc' }, { page: 'x' }]) expect(schema.safeParse(bad).success).toBe(false)
  })
})

describe('marker style', () => {
  const url = { publicUrl: 'http://127.0.0.1:1', path: '/v1/access-keys', query: { limit: '2', with_count: 'true' } }
  it('continues after the marker and links first, self and next', () => {
    const first = markerPage(items, { limit: 2, with_count: true }, { sortKeys, defaultSort: 'created_at:asc', idOf, url })!
    expect(first.items.map(idOf)).toEqual([items[0]!.id, items[1]!.id])
    expect(first.count).toBe(5)
    expect(first.links).toEqual([
      { rel: 'first', href: 'http://127.0.0.1:1/v1/access-keys?limit=2&with_count=true' },
      { rel: 'self', href: 'http://127.0.0.1:1/v1/access-keys?limit=2&with_count=true' },
      { rel: 'next', href: `http://127.0.0.1:1/v1/access-keys?limit=2&with_count=true&marker=${items[1]!.id}` },
    ])
    const last = markerPage(items, { limit: 2, marker: items[3]!.id }, { sortKeys, defaultSort: 'created_at:asc', idOf, url })!
    expect(last.items.map(idOf)).toEqual([items[4]!.id])
    expect(last.count).toBeNull()
    expect(last.links.map((link) => link.rel)).toEqual(['first', 'self'])
    expect(markerPage(items, { marker: 'f'.repeat(32) }, { sortKeys, defaultSort: 'created_at:asc', idOf, url })).toBeUndefined()
  })
  it('reads with_count and limit from text', () => {
    expect(z.object(markerQueryShape(['created_at'])).parse({ with_count: 'TRUE', limit: '5' })).toEqual({ with_count: true, limit: 5 })
  })
  it('reads lists as repeated keys or comma-separated', () => {
    expect(queryList.parse(['a', 'b,c'])).toEqual(['a', 'b', 'c'])
    expect(queryList.parse('a, b')).toEqual(['a', 'b'])
  })
})
