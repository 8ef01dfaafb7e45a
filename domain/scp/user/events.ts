// What SCP adds to an account user (USR-1..7). The user itself is the organization's user profile (domain/scaleway
// `scw-user`, one profile per person across surfaces, DESIGN §3); SCP's own settings live on the `scp-user` stream
// (same id), written in the same request: description, password reuse count, whether the password is temporary.
// Never the password: its scrypt hash is a state item (functions/auth/passwords.ts).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'

export const SCP_USER_DESCRIPTION_MAX = 1000
export const PASSWORD_REUSE_MAX = 24

export const ScpUserSettingsSet = defineEvent(
  'ScpUserSettingsSet',
  z.object({
    description: z.string().max(SCP_USER_DESCRIPTION_MAX).nullable().optional(),
    passwordReuseCount: z.number().int().min(0).max(PASSWORD_REUSE_MAX).optional(),
    temporaryPassword: z.boolean().optional(),
    tags: z.array(z.record(z.string(), z.string())).max(50).optional(),
    passwordChangedAt: z.iso.datetime().optional(),
    at: z.iso.datetime(),
  }),
)

export type ScpUserEvent = ReturnType<typeof ScpUserSettingsSet>
