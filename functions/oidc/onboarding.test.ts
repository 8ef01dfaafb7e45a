import { describe, expect, it } from 'vitest'
import { isDomainError } from '../../domain/core/errors.js'
import { RBAC_CONFIG } from '../../domain/nscale/rbac/config.js'
import { onboardOptions, onboardRoleIds } from './onboarding.js'

const id = (name: string) => RBAC_CONFIG.byName.get(name)?.id as string

describe('onboarding options', () => {
  it('requires organization_name and group_name, and reads roles repeated or space-separated', () => {
    expect(isDomainError(onboardOptions(new URLSearchParams({ group_name: 'g' })))).toBe(true)
    expect(isDomainError(onboardOptions(new URLSearchParams({ organization_name: 'o' })))).toBe(true)
    const form = new URLSearchParams([['organization_name', ' Acme '], ['group_name', 'admins'], ['roles', 'reader user'], ['roles', 'administrator']])
    expect(onboardOptions(form)).toEqual({ organizationName: 'Acme', groupName: 'admins', roles: ['reader', 'user', 'administrator'] })
  })

  it('matches roles by name, drops unknown and protected ones, and defaults to administrator', () => {
    expect(onboardRoleIds(['reader', 'platform-administrator', 'nope', 'reader'])).toEqual([id('reader')])
    expect(onboardRoleIds(['platform-administrator'])).toEqual([id('administrator')])
    expect(onboardRoleIds([])).toEqual([id('administrator')])
  })
})
