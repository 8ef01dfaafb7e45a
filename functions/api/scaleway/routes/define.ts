// Small builders for the route configs: every operation answers JSON (200) or nothing (204), and every error
// is the Scaleway error body.
import { z } from '@hono/zod-openapi'

export const ErrorBody = z
  .object({ type: z.string(), message: z.string() })
  .catchall(z.unknown())
  .openapi('scaleway.std.Error', { description: 'A Scaleway error: `type`, `message` and the fields of its type (see README).' })

const errors = { default: { description: 'Error', content: { 'application/json': { schema: ErrorBody } } } }

export function ok<S extends z.ZodType>(schema: S) {
  return { 200: { description: 'OK', content: { 'application/json': { schema } } }, ...errors }
}

export const noContent = { 204: { description: 'No Content' }, ...errors }

export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } }
}
