// OAuth2 clients of the OIDC provider (spec §5.2): registered by operators (CLI), not through the API. The secret's
// hash lives in the client's state item (functions/oidc/clients.ts), never in the event.
import { z } from 'zod'
import { defineEvent, streamId } from '../../core/events.js'
import { GLOBAL_SCOPES } from '../../core/globalItems.js'

export const OAUTH2_CLIENT_AGGREGATE = 'oauth2-client'

const uri = z.string().min(1).max(2048)

export const oauth2ClientRegistered = defineEvent(
  'OAuth2ClientRegistered',
  z.object({
    clientId: z.string().min(1).max(64),
    name: z.string().min(1).max(63),
    redirectUris: z.array(uri).min(1).max(20),
    homeUri: uri.optional(),
    loginUri: uri.optional(),
    errorUri: uri.optional(),
    onboardingUri: uri.optional(),
    createdAt: z.iso.datetime(),
  }),
)

export function oauth2ClientStreamId(clientId: string): string {
  return streamId(GLOBAL_SCOPES.oauth2Client, OAUTH2_CLIENT_AGGREGATE, clientId)
}

/** A redirect URI a client may register: absolute http(s), no fragment (RFC 6749 §3.1.2). */
export function validRedirectUri(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '' && value.length <= 2048
  } catch {
    return false
  }
}
