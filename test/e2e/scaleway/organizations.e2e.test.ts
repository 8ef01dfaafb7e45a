// Organizations and security settings end to end: the official SDK against the server on DynamoDB Local, raw
// HTTP for what the SDK hides (the alias set twice, wrong types, foreign and unknown organizations).
import { randomUUID } from 'node:crypto'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, type ScalewayHarness, type TestOrganization } from '../../support/scalewayHarness.js'

const alias = () => `acme${randomUUID().replaceAll('-', '').slice(0, 12)}`

describe('Scaleway organizations and security settings', () => {
  let h: ScalewayHarness
  let other: TestOrganization

  beforeAll(async () => {
    h = await startScalewayHarness()
    other = await h.createOrganization('other')
  }, 60_000)
  afterAll(async () => h?.close())

  const path = (suffix = '', organizationId = h.org.organizationId) => `/iam/v1alpha1/organizations/${organizationId}${suffix}`

  /** Expects a raw request to fail with `status` and `type` and to append nothing. */
  async function refused(request: () => Promise<Response>, status: number, type: string): Promise<Record<string, unknown>> {
    const before = await h.eventCount(h.org.organizationId)
    const response = await request()
    const body = (await response.json()) as Record<string, unknown>
    expect(response.status, JSON.stringify(body)).toBe(status)
    expect(body.type).toBe(type)
    expect(await h.eventCount(h.org.organizationId)).toBe(before)
    return body
  }

  describe('organization', () => {
    it("gets the caller's organization with its defaults", async () => {
      expect(await h.org.iam.getOrganization()).toEqual({
        id: h.org.organizationId,
        name: 'first',
        alias: '',
        loginPasswordEnabled: true,
        loginMagicCodeEnabled: true,
        loginOauth2Enabled: true,
        loginSamlEnabled: false,
      })
    })

    it('answers another organization and one that does not exist alike (403), for every operation', async () => {
      const bodies: string[] = []
      for (const organizationId of [other.organizationId, randomUUID()]) {
        expect(await h.org.iam.getOrganization({ organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
        expect(await h.org.iam.getOrganizationSecuritySettings({ organizationId }).catch((e: unknown) => e)).toBeInstanceOf(Errors.PermissionsDeniedError)
        bodies.push(JSON.stringify(await refused(() => h.fetch(path('', organizationId), { secretKey: h.org.secretKey }), 403, 'permissions_denied')))
        await refused(() => h.fetch(path('/alias', organizationId), { method: 'PUT', secretKey: h.org.secretKey, body: { alias: alias() } }), 403, 'permissions_denied')
        await refused(() => h.fetch(path('/login-methods', organizationId), { method: 'PATCH', secretKey: h.org.secretKey, body: { login_saml_enabled: true } }), 403, 'permissions_denied')
        await refused(() => h.fetch(path('/security-settings', organizationId), { method: 'PATCH', secretKey: h.org.secretKey, body: { login_attempts_before_locked: 3 } }), 403, 'permissions_denied')
      }
      expect(bodies[0]).toBe(bodies[1])
      expect((await other.iam.getOrganization()).name).toBe('other')
    })

    it('sets the alias once: the same alias again changes nothing, another one is 409', async () => {
      const chosen = alias()
      const set = await h.org.iam.setOrganizationAlias({ alias: chosen })
      expect(set).toMatchObject({ id: h.org.organizationId, alias: chosen })
      expect(await h.org.iam.getOrganization()).toEqual(set)

      const before = await h.eventCount(h.org.organizationId)
      const again = await h.fetch(path('/alias'), { method: 'PUT', secretKey: h.org.secretKey, body: { alias: chosen } })
      expect(again.status).toBe(200)
      expect(await h.eventCount(h.org.organizationId)).toBe(before)

      const second = await refused(() => h.fetch(path('/alias'), { method: 'PUT', secretKey: h.org.secretKey, body: { alias: alias() } }), 409, 'already_exists')
      expect(second).toMatchObject({ resource: 'organization_alias', help_message: expect.stringContaining('already set') })
      expect(await h.org.iam.setOrganizationAlias({ alias: alias() }).catch((e: unknown) => e)).toBeInstanceOf(Errors.AlreadyExistsError)
      expect((await h.org.iam.getOrganization()).alias).toBe(chosen)
    })

    it('keeps an alias unique across organizations', async () => {
      const taken = (await h.org.iam.getOrganization()).alias || (await h.org.iam.setOrganizationAlias({ alias: alias() })).alias
      const error = await other.iam.setOrganizationAlias({ alias: taken }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Errors.AlreadyExistsError)
      expect(error).toMatchObject({ resource: 'organization_alias', resourceId: taken })
      expect((await other.iam.getOrganization()).alias).toBe('')
    })

    it('refuses an alias outside 2–32 of [a-z0-9], a wrong type, a missing alias and bad JSON', async () => {
      const put = (body: unknown) => () => h.fetch(path('/alias', other.organizationId), { method: 'PUT', secretKey: other.secretKey, body })
      for (const body of [{ alias: 'Acme' }, { alias: 'a' }, { alias: 'a'.repeat(33) }, { alias: 'ac-me' }, { alias: 42 }, {}, '{"alias":']) {
        const before = await h.eventCount(other.organizationId)
        const response = await put(body)()
        expect(response.status, JSON.stringify(body)).toBe(400)
        expect(((await response.json()) as { type: string }).type).toBe('invalid_arguments')
        expect(await h.eventCount(other.organizationId)).toBe(before)
      }
    })

    it('updates login methods, leaving absent ones unchanged', async () => {
      const updated = await other.iam.updateOrganizationLoginMethods({ loginSamlEnabled: true, loginMagicCodeEnabled: false })
      expect(updated).toMatchObject({ loginPasswordEnabled: true, loginMagicCodeEnabled: false, loginOauth2Enabled: true, loginSamlEnabled: true })
      expect(await other.iam.getOrganization()).toEqual(updated)
      const again = await other.iam.updateOrganizationLoginMethods({ loginOauth2Enabled: false })
      expect(again).toMatchObject({ loginMagicCodeEnabled: false, loginOauth2Enabled: false, loginSamlEnabled: true })
      await refused(() => h.fetch(path('/login-methods'), { method: 'PATCH', secretKey: h.org.secretKey, body: { login_saml_enabled: 'yes' } }), 400, 'invalid_arguments')
    })

    it('answers the write with a consistency token', async () => {
      const response = await h.fetch(path('/login-methods'), { method: 'PATCH', secretKey: h.org.secretKey, body: { login_password_enabled: true } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(response.headers.get('x-consistency-token')).toMatch(/^[A-Za-z0-9_-]+$/)
    })
  })

  describe('security settings', () => {
    it('starts with the defaults, durations as "<seconds>s"', async () => {
      expect(await h.org.iam.getOrganizationSecuritySettings()).toEqual({
        enforcePasswordRenewal: false,
        gracePeriodDuration: '604800s',
        loginAttemptsBeforeLocked: 10,
        maxLoginSessionDuration: '604800s',
        maxApiKeyExpirationDuration: '0s',
      })
    })

    it('updates what is given and keeps the rest', async () => {
      const updated = await other.iam.updateOrganizationSecuritySettings({
        enforcePasswordRenewal: true,
        gracePeriodDuration: '3600s',
        loginAttemptsBeforeLocked: 5,
        maxApiKeyExpirationDuration: '86400s',
      })
      expect(updated).toEqual({
        enforcePasswordRenewal: true,
        gracePeriodDuration: '3600s',
        loginAttemptsBeforeLocked: 5,
        maxLoginSessionDuration: '604800s',
        maxApiKeyExpirationDuration: '86400s',
      })
      expect(await other.iam.getOrganizationSecuritySettings()).toEqual(updated)
      const fractional = await other.iam.updateOrganizationSecuritySettings({ maxLoginSessionDuration: '2.5s' })
      expect(fractional).toEqual({ ...updated, maxLoginSessionDuration: '2.5s' })

      const before = await h.eventCount(other.organizationId)
      expect(await other.iam.updateOrganizationSecuritySettings({ loginAttemptsBeforeLocked: 5 })).toEqual(fractional)
      expect(await h.eventCount(other.organizationId)).toBe(before)
    })

    it('limits the expiry of new API keys once max_api_key_expiration_duration is set', async () => {
      const tenant = await h.createOrganization('expiring')
      await tenant.iam.updateOrganizationSecuritySettings({ maxApiKeyExpirationDuration: '86400s' })
      const app = await tenant.iam.createApplication({ name: 'ci', description: '' })
      const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000)
      for (const expiresAt of [undefined, inHours(48)]) {
        const error = await tenant.iam.createAPIKey({ applicationId: app.id, description: '', expiresAt }).catch((e: unknown) => e)
        expect(error, String(expiresAt)).toBeInstanceOf(Errors.InvalidArgumentsError)
      }
      const key = await tenant.iam.createAPIKey({ applicationId: app.id, description: '', expiresAt: inHours(12) })
      expect(key.expiresAt!.getTime()).toBeLessThanOrEqual(inHours(24).getTime())
    })

    it('refuses attempts outside 1–50, durations not in seconds and wrong types', async () => {
      const patch = (body: unknown) => () => h.fetch(path('/security-settings'), { method: 'PATCH', secretKey: h.org.secretKey, body })
      for (const body of [
        { login_attempts_before_locked: 0 }, { login_attempts_before_locked: 51 }, { login_attempts_before_locked: 2.5 },
        { login_attempts_before_locked: '5' }, { grace_period_duration: '1h' }, { grace_period_duration: 3600 },
        { max_api_key_expiration_duration: '-5s' }, { enforce_password_renewal: 'true' },
      ]) {
        const error = await refused(patch(body), 400, 'invalid_arguments')
        expect(error.details).toMatchObject([{ argument_name: Object.keys(body)[0] }])
      }
      const sdk = await h.org.iam.updateOrganizationSecuritySettings({ loginAttemptsBeforeLocked: 99 }).catch((e: unknown) => e)
      expect(sdk).toBeInstanceOf(Errors.InvalidArgumentsError)
    })
  })
})
