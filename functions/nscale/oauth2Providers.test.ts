import { describe, expect, it } from 'vitest'
import { deterministicId } from '../../domain/nscale/oauth2Provider/systemProviders.js'
import { systemProvider, systemProviders } from './oauth2Providers.js'

const configured = [
  { name: 'corporate', type: 'microsoft' as const, issuer: 'https://login.example.test', clientId: 'c' },
  { name: 'google', issuer: 'https://accounts.google.com', clientId: 'g' },
]

describe('system providers', () => {
  it('take their type from the configuration, else from a name that is a type', () => {
    expect(systemProviders(configured).map((provider) => provider.type)).toEqual(['microsoft', 'google'])
  })

  it('are found by name, by deterministic id, and by type (what a client login page sends)', () => {
    expect(systemProvider(configured, 'corporate')?.clientId).toBe('c')
    expect(systemProvider(configured, deterministicId('corporate'))?.clientId).toBe('c')
    expect(systemProvider(configured, 'microsoft')?.name).toBe('corporate')
    expect(systemProvider(configured, 'google')?.clientId).toBe('g')
    expect(systemProvider(configured, 'github')).toBeUndefined()
  })
})
