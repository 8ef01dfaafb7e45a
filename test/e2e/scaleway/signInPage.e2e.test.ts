// The Scaleway sign-in page (issue 9) in headless Chromium: labelled fields, focus order, a full sign-in through the
// DOM (password, then the one-time code the server asks for), and a screenshot that is not blank.
import { inflateSync } from 'node:zlib'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type Browser } from '../../support/browser.js'
import { startScalewayHarness, uniqueName, type ScalewayHarness } from '../../support/scalewayHarness.js'

let h: ScalewayHarness
let browser: Browser

beforeAll(async () => {
  ;[h, browser] = await Promise.all([startScalewayHarness(), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await h?.close()
})

async function member() {
  const username = uniqueName('page')
  const password = `Pw-${uniqueName('page')}-long`
  const user = await h.org.iam.createUser({ organizationId: h.org.organizationId, member: { username, password } as never })
  return { id: user.id, username, password }
}

describe('the sign-in page', () => {
  it('labels every field and moves focus in reading order', async () => {
    const page = await browser.newPage()
    await page.goto(`${h.baseUrl}/iam/v1alpha1/auth/login`)
    expect(await page.title()).toContain('Sign in')
    for (const label of ['Organization ID', 'Username or e-mail', 'Password']) await expect(page.getByLabel(label).isVisible()).resolves.toBe(true)
    expect(await page.getByLabel('One-time code').isVisible()).toBe(false)
    await page.getByLabel('Organization ID').focus()
    const order: string[] = []
    for (let step = 0; step < 3; step++) {
      await page.keyboard.press('Tab')
      order.push(await page.evaluate<string>("document.activeElement?.id || document.activeElement?.textContent?.trim() || ''"))
    }
    expect(order).toEqual(['username', 'password', 'Sign in'])
    await page.close()
  })

  it('signs a user in through the DOM, asking for the one-time code when the user has MFA', async () => {
    const user = await member()
    const { secret } = await h.org.iam.createUserMFAOTP({ userId: user.id })
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' })
    await h.org.iam.validateUserMFAOTP({ userId: user.id, oneTimePassword: totp.generate() })

    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    await page.goto(`${h.baseUrl}/iam/v1alpha1/auth/login?organization_id=${h.org.organizationId}`)
    expect(await page.getByLabel('Organization ID').inputValue()).toBe(h.org.organizationId)
    await page.getByLabel('Username or e-mail').fill(user.username)
    await page.getByLabel('Password').fill('a wrong password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('Wrong username')

    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const code = page.getByLabel('One-time code')
    await code.waitFor({ state: 'visible', timeout: 20_000 })
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('mfa_code')
    // The validation spent the current window's code; the next window's is fresh (the server allows one step of drift).
    await code.fill(totp.generate({ timestamp: Date.now() + 30_000 }))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toContain('Signed in')
    const token = await page.evaluate<string | null>("sessionStorage.getItem('scaleway-session')")
    expect(token).toMatch(/^ey/)
    const own = await h.fetch(`/iam/v1alpha1/users/${user.id}/mfa-otp`, { method: 'POST', body: {}, headers: { 'X-Session-Token': token! } })
    expect(own.status).toBe(412) // its own session works: MFA is already on

    expect(errors).toEqual([])
    const screenshot = await page.screenshot({ fullPage: true })
    expect(distinctColours(screenshot)).toBeGreaterThan(8)
    await page.close()
  })
})

/** The number of distinct colours in a PNG (8-bit RGB or RGBA, no interlace): a blank page has one. */
function distinctColours(png: Buffer): number {
  const width = png.readUInt32BE(16)
  const colourType = png[25]!
  const channels = colourType === 6 ? 4 : 3
  const chunks: Buffer[] = []
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('ascii', offset + 4, offset + 8)
    if (type === 'IDAT') chunks.push(png.subarray(offset + 8, offset + 8 + length))
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(chunks))
  const stride = width * channels
  const colours = new Set<string>()
  // Filters make raw bytes differ from pixels, but a blank image still yields a handful of byte patterns at most.
  for (let row = 0; row + stride < raw.length && colours.size < 1000; row += stride + 1) {
    for (let x = 0; x < stride; x += channels * 7) colours.add(raw.subarray(row + 1 + x, row + 1 + x + 3).toString('hex'))
  }
  return colours.size
}
