// Wire helpers of the OIDC endpoints: form bodies that never throw, JSON errors in the nscale shape
// (`{error, error_description}`), HTML pages, and redirects back to the client.
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { redirectWith } from '../../domain/oidc/authorizationRequest.js'
import { errorPage, PAGE_HEADERS } from './pages.js'

export const FORM_MAX_BYTES = 64 * 1024

/** The parameters of a GET query or an urlencoded POST body; undefined when the body is not a form. */
export async function formParams(c: Context): Promise<Record<string, string> | undefined> {
  const params: Record<string, string> = {}
  const add = (entries: Iterable<[string, string]>) => {
    for (const [name, value] of entries) if (!(name in params)) params[name] = value
  }
  if (c.req.method === 'GET') {
    add(new URL(c.req.url).searchParams)
    return params
  }
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  const text = await c.req.text().catch(() => undefined)
  if (text === undefined || text.length > FORM_MAX_BYTES) return undefined
  if (text.length > 0 && type !== 'application/x-www-form-urlencoded') return undefined
  add(new URLSearchParams(text))
  return params
}

export function jsonError(c: Context, status: ContentfulStatusCode, error: string, description: string, headers: Record<string, string> = {}): Response {
  for (const [name, value] of Object.entries({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers })) c.header(name, value)
  return c.json({ error, error_description: description }, status)
}

export function htmlPage(c: Context, html: string, status: ContentfulStatusCode = 200): Response {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value)
  return c.html(html, status)
}

export function htmlError(c: Context, title: string, message: string, status: ContentfulStatusCode = 400): Response {
  return htmlPage(c, errorPage(title, message), status)
}

export function redirectToClient(c: Context, redirectUri: string, params: Record<string, string | undefined>): Response {
  c.header('Cache-Control', 'no-store')
  return c.redirect(redirectWith(redirectUri, params), 302)
}
