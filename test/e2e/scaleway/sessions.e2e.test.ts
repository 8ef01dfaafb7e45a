// Sign-in and sessions (issue 9), through the official SDK where it has the method (createJWT, listJWTs, getJWT,
// deleteJWT, the MFA OTP operations, listGracePeriods) and raw HTTP for the sign-in extension. The clock is injected
// and moved forward; nothing waits for real time.
import { authenticateWithSessionToken, createClient } from '@scaleway/sdk-client'
import { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeId } from '../../../domain/core/ids.js'
import { principalStreamId } from '../../../domain/core/principal/index.js'
import { startScalewayHarness, uniqueName, type ScalewayHarness } from '../../support/scalewayHarness.js'

let offset = 0
const clock = { now: () => new Date(Date.now() + offset) }
const advance = (seconds: number) => void (offset += seconds * 1000)

let h: ScalewayHarness

beforeAll(async () => {
  h = await startScalewayHarness({ clock })
})
afterAll(async () => {
  await h?.close()
})

interface Session {
  token: string
  renew_token: string
  refresh_token: string
  jwt: { jti: string; audience_id: string; issuer_id: string; expires_at: string }
}

async function member(password = `Pw-${uniqueName('x')}-long`) {
  const username = uniqueName('member')
  const user = await h.org.iam.createUser({ organizationId: h.org.organizationId, member: { username, password, email: `${username}@example.com` } as never })
  return { id: user.id, username, password }
}

async function login(body: Record<string, unknown>) {
  const response = await h.fetch('/iam/v1alpha1/auth/login', { method: 'POST', body: { organization_id: h.org.organizationId, ...body } })
  return { status: response.status, body: (await response.json()) as any, response }
}

const sdkFor = (token: string) =>
  new Iamv1alpha1.API(createClient({
    apiURL: h.baseUrl,
    defaultOrganizationId: h.org.organizationId,
    interceptors: [{ request: authenticateWithSessionToken(async () => token) }],
  }))

const withSession = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  h.fetch(path, { ...init, headers: { 'X-Session-Token': token } })

const codeAt = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: clock.now().getTime() })

describe('sign-in and sessions', () => {
  it('signs a user in, and the user lists, reads and deletes its own sessions', async () => {
    const user = await member()
    const wrong = await login({ username: user.username, password: 'not the password' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toMatchObject({ type: 'denied_authentication', method: 'password' })
    expect((await login({ username: 'nobody-at-all', password: 'whatever-it-is' })).body).toEqual(wrong.body)

    const signedIn = await login({ username: user.username, password: user.password })
    expect(signedIn.status).toBe(200)
    expect(signedIn.response.headers.get('content-type')).toBe('application/json')
    const session = signedIn.body as Session
    expect(session.refresh_token).toBe(session.renew_token)
    expect(session.jwt.audience_id).toBe(user.id)
    expect(session.jwt.issuer_id).toBe(user.id)
    // By e-mail too, through the `username` field the sign-in page sends.
    expect((await login({ username: `${user.username}@example.com`, password: user.password })).status).toBe(200)

    const iam = sdkFor(session.token)
    const own = await iam.getJWT({ jti: session.jwt.jti })
    expect(own.audienceId).toBe(user.id)
    await h.settle(signedIn.response.headers.get('x-consistency-token'))
    const listed = await iam.listJWTs({ audienceId: user.id })
    expect(listed.jwts.map((jwt) => jwt.jti)).toContain(session.jwt.jti)
    // Without a policy, the member sees only its own sessions.
    await expect(iam.listJWTs({} as never)).rejects.toMatchObject({ status: 403 })
    await expect(iam.listUsers({})).rejects.toMatchObject({ status: 403 })

    // The owner creates a session for the user (CreateJWT), and sees both.
    const created = await h.org.iam.createJWT({ userId: user.id, referrer: 'e2e' })
    expect(created.jwt?.issuerId).toBe(h.org.ownerUserId)
    expect(created.token).toMatch(/^ey/)
    const all = await h.org.iam.listJWTs({ audienceId: user.id, pageSize: 100 }).all()
    await expect.poll(async () => (await h.org.iam.listJWTs({ audienceId: user.id })).totalCount).toBeGreaterThanOrEqual(3)
    expect(all.length).toBeGreaterThanOrEqual(2)

    await iam.deleteJWT({ jti: session.jwt.jti })
    const refused = await withSession(session.token, `/iam/v1alpha1/users/${user.id}`)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ type: 'denied_authentication', method: 'session' })
    await expect(h.org.iam.getJWT({ jti: session.jwt.jti })).rejects.toMatchObject({ status: 404 })
    // The created session still works, and its renew token too.
    expect((await withSession(created.token, `/iam/v1alpha1/jwts/${created.jwt!.jti}`)).status).toBe(200)
  })

  it('rotates renew tokens: the old one is refused, either field name works', async () => {
    const user = await member()
    const session = (await login({ username: user.username, password: user.password })).body as Session
    const refresh = (body: unknown) => h.fetch('/iam/v1alpha1/auth/refresh', { method: 'POST', body })
    const first = await refresh({ renew_token: session.renew_token })
    expect(first.status).toBe(200)
    const renewed = (await first.json()) as Session
    expect(renewed.renew_token).not.toBe(session.renew_token)
    expect(renewed.jwt.jti).toBe(session.jwt.jti)
    const again = await refresh({ renew_token: session.renew_token })
    expect(again.status).toBe(401)
    expect(await again.json()).toMatchObject({ type: 'denied_authentication' })
    const second = await refresh({ refresh_token: renewed.refresh_token })
    expect(second.status).toBe(200)
    const latest = (await second.json()) as Session
    expect((await withSession(latest.token, `/iam/v1alpha1/jwts/${latest.jwt.jti}`)).status).toBe(200)
  })

  it('caps sessions at max_login_session_duration and refuses an expired one at once', async () => {
    await h.org.iam.updateOrganizationSecuritySettings({ organizationId: h.org.organizationId, maxLoginSessionDuration: '3600s' })
    const user = await member()
    const session = (await login({ username: user.username, password: user.password })).body as Session
    const lifetime = Date.parse(session.jwt.expires_at) - clock.now().getTime()
    expect(lifetime).toBeGreaterThan(3500_000)
    expect(lifetime).toBeLessThanOrEqual(3600_000)
    advance(3601)
    expect((await withSession(session.token, `/iam/v1alpha1/jwts/${session.jwt.jti}`)).status).toBe(401)
    expect((await h.fetch('/iam/v1alpha1/auth/refresh', { method: 'POST', body: { renew_token: session.renew_token } })).status).toBe(401)
    await h.org.iam.updateOrganizationSecuritySettings({ organizationId: h.org.organizationId, maxLoginSessionDuration: '604800s' })
  })

  it('enables MFA, then requires a code once per window, and removes it', async () => {
    const user = await member()
    const session = (await login({ username: user.username, password: user.password })).body as Session
    const iam = sdkFor(session.token)
    const otp = await iam.createUserMFAOTP({ userId: user.id })
    expect(otp.secret).toMatch(/^[A-Z2-7]+=*$/)
    await expect(iam.validateUserMFAOTP({ userId: user.id, oneTimePassword: codeAt(otp.secret) === '000000' ? '111111' : '000000' }))
      .rejects.toMatchObject({ status: 400 })
    const validated = await iam.validateUserMFAOTP({ userId: user.id, oneTimePassword: codeAt(otp.secret) })
    expect(validated.recoveryCodes).toHaveLength(10)
    expect((await h.org.iam.getUser({ userId: user.id })).mfa).toBe(true)

    const missing = await login({ username: user.username, password: user.password })
    expect(missing.status).toBe(401)
    expect(missing.body).toMatchObject({ type: 'denied_authentication', method: 'mfa' })
    // The code of the validation's window was used: it is refused, the next window's is accepted once.
    expect((await login({ username: user.username, password: user.password, mfa_code: codeAt(otp.secret) })).body).toMatchObject({ method: 'mfa' })
    advance(30)
    const code = codeAt(otp.secret)
    expect((await login({ username: user.username, password: user.password, mfa_code: code })).status).toBe(200)
    expect((await login({ username: user.username, password: user.password, mfa_code: code })).status).toBe(401)
    const recovery = validated.recoveryCodes[0]!
    expect((await login({ username: user.username, password: user.password, mfa_code: recovery })).status).toBe(200)
    expect((await login({ username: user.username, password: user.password, mfa_code: recovery })).status).toBe(401)

    await iam.deleteUserMFAOTP({ userId: user.id })
    expect((await h.org.iam.getUser({ userId: user.id })).mfa).toBe(false)
    expect((await login({ username: user.username, password: user.password })).status).toBe(200)
  })

  it('locks a user after too many failures (423, audited), and unlocking lets it in again', async () => {
    await h.org.iam.updateOrganizationSecuritySettings({ organizationId: h.org.organizationId, loginAttemptsBeforeLocked: 3 })
    const user = await member()
    const wrong = { username: user.username, password: 'wrong password here' }
    expect((await login(wrong)).status).toBe(401)
    expect((await login(wrong)).status).toBe(401)
    const locked = await login(wrong)
    expect(locked.status).toBe(423)
    expect(locked.body).toMatchObject({ type: 'locked', resource: 'user', resource_id: user.id })
    expect((await login({ username: user.username, password: user.password })).status).toBe(423)
    expect((await h.org.iam.getUser({ userId: user.id })).locked).toBe(true)
    const org = normalizeId(h.org.organizationId)!
    const events = (await h.deps.store.load([principalStreamId(org, normalizeId(user.id)!)])).get(principalStreamId(org, normalizeId(user.id)!)) ?? []
    expect(events.at(-1)).toMatchObject({ type: 'PrincipalLocked', data: { reason: 'login_attempts' } })

    await h.org.iam.unlockUser({ userId: user.id })
    expect((await login({ username: user.username, password: user.password })).status).toBe(200)
    // The counter started again: two more failures do not lock.
    expect((await login(wrong)).status).toBe(401)
    expect((await login(wrong)).status).toBe(401)
    expect((await login({ username: user.username, password: user.password })).status).toBe(200)
    await h.org.iam.updateOrganizationSecuritySettings({ organizationId: h.org.organizationId, loginAttemptsBeforeLocked: 10 })
  })

  it('opens a grace period to renew the password; once it has ended, sign-in yields a restricted session', async () => {
    await h.org.iam.updateOrganizationSecuritySettings({ organizationId: h.org.organizationId, enforcePasswordRenewal: true, gracePeriodDuration: '600s' })
    const user = await member()
    const first = (await login({ username: user.username, password: user.password })).body as Session
    const periods = await h.org.iam.listGracePeriods({ userId: user.id })
    expect(periods.gracePeriods).toHaveLength(1)
    expect(periods.gracePeriods[0]).toMatchObject({ type: 'update_password' })
    // Within the grace period the session is a normal one (its own sessions are readable).
    expect((await withSession(first.token, `/iam/v1alpha1/jwts/${first.jwt.jti}`)).status).toBe(200)

    advance(601)
    const restricted = (await login({ username: user.username, password: user.password })).body as Session
    const denied = await withSession(restricted.token, `/iam/v1alpha1/jwts/${restricted.jwt.jti}`)
    expect(denied.status).toBe(403)
    expect(await denied.json()).toMatchObject({ type: 'permissions_denied' })
    expect((await withSession(restricted.token, `/iam/v1alpha1/users/${user.id}`)).status).toBe(403)
    const iam = sdkFor(restricted.token)
    await iam.createUserMFAOTP({ userId: user.id })
    const newPassword = `Renewed-${uniqueName('pw')}`
    await iam.updateUserPassword({ userId: user.id, password: newPassword })

    expect((await h.org.iam.listGracePeriods({ userId: user.id })).gracePeriods).toEqual([])
    const renewed = (await login({ username: user.username, password: newPassword })).body as Session
    expect((await withSession(renewed.token, `/iam/v1alpha1/jwts/${renewed.jwt.jti}`)).status).toBe(200)
    // A refresh decides again: the restricted session's renewal is a normal session now.
    const refreshed = await h.fetch('/iam/v1alpha1/auth/refresh', { method: 'POST', body: { renew_token: restricted.renew_token } })
    const normal = (await refreshed.json()) as Session
    expect((await withSession(normal.token, `/iam/v1alpha1/jwts/${normal.jwt.jti}`)).status).toBe(200)
    await h.org.iam.updateOrganizationSecuritySettings({ organizationId: h.org.organizationId, enforcePasswordRenewal: false })
  })

  it('documents the extension in the OpenAPI document', async () => {
    const document = (await (await h.fetch('/iam/v1alpha1/openapi.json')).json()) as any
    expect(document.paths['/iam/v1alpha1/auth/login'].post['x-iam-extension']).toBe(true)
    expect(document.paths['/iam/v1alpha1/auth/refresh'].post['x-iam-extension']).toBe(true)
    expect(document.paths['/iam/v1alpha1/jwts'].post.operationId).toBe('CreateJWT')
  })
})
