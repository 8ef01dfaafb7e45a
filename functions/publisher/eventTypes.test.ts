import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const domain = join(root, 'domain')

/** Every domain module that defines events, and the types it defines. */
function eventModules(): Array<{ file: string; types: string[] }> {
  return (readdirSync(domain, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== join('core', 'events.ts'))
    .map((file) => ({ file, types: [...readFileSync(join(domain, file), 'utf8').matchAll(/\bdefineEvent\(\s*'([A-Za-z0-9]+)'/g)].map((match) => match[1] as string) }))
    .filter(({ types }) => types.length > 0)
}

describe('the publisher event types', () => {
  it('imports every domain module that defines events', () => {
    const imported = readFileSync(join(here, 'eventTypes.ts'), 'utf8')
    const modules = eventModules()
    expect(modules.length).toBeGreaterThan(0)
    for (const { file } of modules) expect(imported).toContain(`import '${relative(here, join(domain, file)).replace(/\.ts$/, '.js')}'`)
  })

  it('are all listed in docs/events.md', () => {
    const docs = readFileSync(join(root, 'docs', 'events.md'), 'utf8')
    for (const type of eventModules().flatMap(({ types }) => types)) expect(docs).toContain(`\`${type}\``)
  })
})
