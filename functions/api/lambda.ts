// The API on Lambda: the same Hono app as the local server, behind an API Gateway HTTP API (payload v2).
import { handle } from 'hono/aws-lambda'
import { appFromEnvironment } from './app.js'

// Built once per container during init (top-level await), never per request.
const app = await appFromEnvironment()

export const handler = handle(app)
