// Events of a signing-key stream (one per purpose: `nscale-oidc`, `scaleway-session` …). They name keys by id and
// never carry key material: the public and the sealed private key live in a state item written in the same request.
import { z } from 'zod'
import { defineEvent, type DomainEvent } from '../events.js'

export const SIGNING_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256'] as const
export const signingAlgorithmSchema = z.enum(SIGNING_ALGORITHMS)
export type SigningAlgorithm = z.infer<typeof signingAlgorithmSchema>

export const signingPurposeSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/)

/** A new key became the one that signs; the key it supersedes keeps verifying until its last token expires. */
export const signingKeyCreated = defineEvent(
  'SigningKeyCreated',
  z.object({
    purpose: signingPurposeSchema,
    kid: z.string().min(1).max(128),
    algorithm: signingAlgorithmSchema,
    /** The longest lifetime a token signed by this key may have: how long it stays published once superseded. */
    maxTokenLifetimeSeconds: z.number().int().positive(),
    createdAt: z.iso.datetime(),
  }),
)

export type SigningKeyEvent = ReturnType<typeof signingKeyCreated>

export function isSigningKeyEvent(event: DomainEvent): event is SigningKeyEvent {
  return event.type === signingKeyCreated.type
}
