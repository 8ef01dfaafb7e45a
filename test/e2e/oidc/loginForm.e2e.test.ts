// The provider's sign-in form in headless Chromium: labelled fields, the focus order, a non-blank rendering, and a
// full sign-in through the DOM (type the e-mail, submit, the upstream IdP, back to the client with a code).
// Skipped, with a message, only where /usr/bin/chromium is absent.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OIDC_DOMAIN, startOidcHarness, type OidcHarness } from '../../support/oidcHarness.js'

const CHROMIUM = '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
if (!available) console.warn(`skipping the sign-in form browser test: ${CHROMIUM} is absent (apt-get install chromium)`)

let o: OidcHarness
let rp: Server
let context: BrowserContext
let profile: string

beforeAll(async () => {
  if (!available) return
  rp = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Signed in</title><p>Signed in</p>'))
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve))
  o = await startOidcHarness({ redirectUri: `http://127.0.0.1:${(rp.address() as AddressInfo).port}/callback` })
  profile = mkdtempSync(join(tmpdir(), 'iam-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-sync', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}, 120_000)

afterAll(async () => {
  await context?.close()
  await o?.close()
  rp?.closeAllConnections()
  await new Promise<void>((resolve) => (rp ? rp.close(() => resolve()) : resolve()))
  if (profile) rmSync(profile, { recursive: true, force: true })
})

describe.skipIf(!available)('the sign-in form in a browser', () => {
  it('is labelled, keyboard-ordered, rendered, and signs a person in through the upstream IdP', async () => {
    const email = `erin@${OIDC_DOMAIN}`
    await o.addPerson(email)
    o.idp.nextLogin.email = email
    const verifier = randomBytes(32).toString('base64url')
    const url = new URL(`${o.issuer}/oauth2/v2/authorization`)
    for (const [name, value] of Object.entries({
      response_type: 'code', client_id: o.client.clientId, redirect_uri: o.client.redirectUri, scope: 'openid email', state: 'browser-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    })) url.searchParams.set(name, value)

    const page = await context.newPage()
    await page.goto(url.toString())
    expect(await page.title()).toBe('Sign in')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    const field = page.getByLabel('E-mail address')
    await expect.poll(() => field.isVisible()).toBe(true)
    expect(await field.getAttribute('type')).toBe('email')

    // Focus order: the e-mail field (autofocus), then its submit button.
    expect(await page.evaluate('document.activeElement?.id')).toBe('email')
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Continue')

    const shot = await page.screenshot()
    // Decoded on a blank page: the sign-in page's CSP allows no images.
    const blank = await context.newPage()
    // Browser code as text: this project type-checks without the DOM library.
    const colours = await blank.evaluate(`(async () => {
      const image = new Image()
      image.src = 'data:image/png;base64,${shot.toString('base64')}'
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const g = canvas.getContext('2d')
      g.drawImage(image, 0, 0)
      const pixels = g.getImageData(0, 0, canvas.width, canvas.height).data
      const seen = new Set()
      for (let i = 0; i < pixels.length; i += 4 * 97) seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2])
      return seen.size
    })()`)
    await blank.close()
    expect(colours).toBeGreaterThan(3)

    await field.fill(email)
    await Promise.all([page.waitForURL((target) => target.toString().startsWith(o.client.redirectUri), { timeout: 30_000 }), field.press('Enter')])
    const landed = new URL(page.url())
    expect(landed.searchParams.get('state')).toBe('browser-state')
    const code = landed.searchParams.get('code') as string
    expect(code).toBeTruthy()

    const token = await fetch(`${o.issuer}/oauth2/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, redirect_uri: o.client.redirectUri, code_verifier: verifier,
        client_id: o.client.clientId, client_secret: o.client.clientSecret,
      }).toString(),
    })
    expect(token.status).toBe(200)
    expect(await token.json()).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String) })
  }, 90_000)

  it('tells the person, in an alert tied to the field, when no sign-in method fits their address', async () => {
    const page = await context.newPage()
    const url = new URL(`${o.issuer}/oauth2/v2/authorization`)
    for (const [name, value] of Object.entries({ response_type: 'code', client_id: o.client.clientId, redirect_uri: o.client.redirectUri })) url.searchParams.set(name, value)
    await page.goto(url.toString())
    await page.getByLabel('E-mail address').fill('someone@nowhere.test')
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Continue' }).click()])
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('No sign-in method')
    expect(await page.getByLabel('E-mail address').getAttribute('aria-describedby')).toBe('login-error')
  }, 60_000)
})
