// Request bodies (spec §2.2): JSON, bounded before anything is parsed (413), malformed JSON a 400 invalid_request;
// a body of another media type is 415 unsupported_media_type; no Content-Type is read as JSON.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { NscaleEnv } from './env.js'
import { invalidRequest, payloadTooLarge, sendError, unsupportedMediaType } from './errors.js'

export const DEFAULT_MAX_BODY_BYTES = 1_048_576
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i

export function limitBody(maxBytes: number): MiddlewareHandler<NscaleEnv> {
  return bodyLimit({ maxSize: maxBytes, onError: (c) => sendError(c, payloadTooLarge(maxBytes)) })
}

/** Runs before the JSON validator: checks the media type and the syntax, and marks the request as JSON. */
export const readJsonBody: MiddlewareHandler<NscaleEnv> = async (c, next) => {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim()
  if (mediaType !== '' && !JSON_MEDIA_TYPE.test(mediaType)) return sendError(c, unsupportedMediaType(mediaType))
  const text = await c.req.text()
  try {
    JSON.parse(text.trim() === '' ? 'null' : text)
  } catch {
    // Never the parser's message: it quotes the body.
    return sendError(c, invalidRequest('request body invalid: malformed JSON'))
  }
  ;(c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text.trim() === '' ? 'null' : text)
  if (mediaType === '') {
    const headers = new Headers(c.req.raw.headers)
    headers.set('content-type', 'application/json')
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers })
  }
  await next()
}
