// Events of the principal record: one per human or application identity, referenced by surface aggregates.
import { z } from 'zod'
import { defineEvent, type DomainEvent } from '../events.js'

/** A canonical id (32 lowercase hex, DESIGN §3). */
export const idSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a canonical 32-hex id')

export const PRINCIPAL_KINDS = ['user', 'application', 'role', 'service_account'] as const
export const principalKindSchema = z.enum(PRINCIPAL_KINDS)
export type PrincipalKind = z.infer<typeof principalKindSchema>

export const principalRegistered = defineEvent(
  'PrincipalRegistered',
  z.object({ principalId: idSchema, organizationId: idSchema, kind: principalKindSchema }),
)
export const principalLocked = defineEvent(
  'PrincipalLocked',
  z.object({ principalId: idSchema, reason: z.enum(['administrator', 'login_attempts']) }),
)
export const principalUnlocked = defineEvent('PrincipalUnlocked', z.object({ principalId: idSchema }))
export const principalDeleted = defineEvent('PrincipalDeleted', z.object({ principalId: idSchema }))

export type PrincipalEvent =
  | ReturnType<typeof principalRegistered>
  | ReturnType<typeof principalLocked>
  | ReturnType<typeof principalUnlocked>
  | ReturnType<typeof principalDeleted>

export function isPrincipalEvent(event: DomainEvent): event is PrincipalEvent {
  return [principalRegistered.type, principalLocked.type, principalUnlocked.type, principalDeleted.type].includes(event.type as never)
}
