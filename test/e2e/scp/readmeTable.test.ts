// The README's table of SCP operations must say exactly what the server does: one row per operation of
// domain/scp/routes.ts, `implemented` exactly where a handler is registered.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SCP_ROUTES } from '../../../domain/scp/routes.js'
import { scpHandlers } from '../../../functions/api/scp/handlers/index.js'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const rows = [...readme.matchAll(/^\| `(\w+)` \| `([A-Z]+) (\/v1\/[^`]*)` \| (implemented|not yet implemented \(501\)) \|$/gm)]

describe('the README table of SCP operations', () => {
  it('lists every operation once, with its route', () => {
    expect(rows.map((row) => `${row[1]} ${row[2]} ${row[3]}`).sort()).toEqual(SCP_ROUTES.map((route) => `${route.operationId} ${route.method} ${route.path}`).sort())
  })
  it('marks as implemented exactly the operations with a handler', () => {
    for (const [, id, , , status] of rows) expect(`${id}: ${status}`).toBe(`${id}: ${id! in scpHandlers ? 'implemented' : 'not yet implemented (501)'}`)
  })
})
