// The README's table of Scaleway operations must say exactly what the server does.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import operationIds from '../../fixtures/scaleway-operation-ids.json' with { type: 'json' }
import { scalewayHandlers } from '../../../functions/api/scaleway/handlers/index.js'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const rows = [...readme.matchAll(/^\| `(\w+)` \| `[A-Z]+ \/iam\/v1alpha1[^`]*` \| (implemented|not yet implemented \(501\)) \|$/gm)]

describe('the README table of Scaleway operations', () => {
  it('lists every operationId of the seed once', () => {
    expect(rows.map((row) => row[1]).sort()).toEqual([...(operationIds as string[])].sort())
  })
  it('marks as implemented exactly the operations with a handler', () => {
    const handlers = scalewayHandlers as unknown as Map<string, unknown> | Record<string, unknown>
    const has = (id: string) => (handlers instanceof Map ? handlers.has(id) : id in handlers)
    for (const [, id, status] of rows) expect(`${id}: ${status}`).toBe(`${id}: ${has(id as string) ? 'implemented' : 'not yet implemented (501)'}`)
  })
})
