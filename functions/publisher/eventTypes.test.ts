import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const domain = join(here, '..', '..', 'domain')

describe('the publisher event types', () => {
  it('imports every domain module that defines events', () => {
    const modules = (readdirSync(domain, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== join('core', 'events.ts'))
      .filter((file) => /\bdefineEvent\(\s*['"]/.test(readFileSync(join(domain, file), 'utf8')))
      .map((file) => relative(here, join(domain, file)).replace(/\.ts$/, '.js'))
    const imported = readFileSync(join(here, 'eventTypes.ts'), 'utf8')
    expect(modules.length).toBeGreaterThan(0)
    for (const module of modules) expect(imported).toContain(`import '${module}'`)
  })
})
