// Request bodies are read leniently, the way the SDKs send them (spec A.6, §5.1.4): Python sends `{}` on DELETE
// without a Content-Type, action endpoints may come with no body at all, and any Content-Type is read as JSON.
// Size is bounded before anything is parsed (DESIGN §4: 413), and malformed JSON is a 400 naming the body.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { malformedJson, payloadTooLarge, sendError } from './errors.js'
import type { ScalewayEnv } from './env.js'

export const DEFAULT_MAX_BODY_BYTES = 1_048_576

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i

export function limitBody(maxBytes: number): MiddlewareHandler<ScalewayEnv> {
  return bodyLimit({ maxSize: maxBytes, onError: (c) => sendError(c, payloadTooLarge(maxBytes)) })
}

/** Runs before the JSON validator: an empty body becomes `{}`, and the request is marked as JSON. */
export const readJsonBody: MiddlewareHandler<ScalewayEnv> = async (c, next) => {
  const text = await c.req.text()
  const source = text.trim() === '' ? '{}' : text
  try {
    JSON.parse(source)
  } catch (error) {
    // The parser's message quotes the body (it may hold a password): keep only where it failed.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined
    return sendError(c, malformedJson(position === undefined ? 'unreadable' : `error at position ${position}`))
  }
  // The validator reads the cached text, so the original stream is never read twice.
  // (Hono types the cache loosely; at run time it holds promises of the body.)
  ;(c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(source)
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim()
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    const headers = new Headers(c.req.raw.headers)
    headers.set('content-type', 'application/json')
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers })
  }
  await next()
}
