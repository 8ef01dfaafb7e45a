import { describe, expect, it } from 'vitest'
import { isDomainError } from '../../domain/core/errors.js'
import { RBAC_CONFIG } from '../../domain/nscale/rbac/config.js'
import { onboardingNotice, onboardOptions, onboardRoleIds } from './onboarding.js'

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

  it('tells the webhook the person and their organization, ids as UUIDs, username defaulting to the e-mail', () => {
    const onboarded = { organizationId: '0190f2a5c3e87d1a9b2c3d4e5f607182', organizationName: 'acme', userId: '0190f2a5c3e87d1a9b2c3d4e5f607183' }
    expect(onboardingNotice('ada@example.com', {}, onboarded)).toEqual({
      email: 'ada@example.com',
      username: 'ada@example.com',
      organizationID: '0190f2a5-c3e8-7d1a-9b2c-3d4e5f607182',
      organizationName: 'acme',
      organizationUserID: '0190f2a5-c3e8-7d1a-9b2c-3d4e5f607183',
    })
    expect(onboardingNotice('ada@example.com', { username: 'ada', forename: 'Ada', surname: 'Lovelace' }, onboarded)).toMatchObject({ username: 'ada', forename: 'Ada', surname: 'Lovelace' })
  })
})
