// Events of a Scaleway SSH key (aggregate `scw-ssh-key`).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'

const at = z.string()

export const SshKeyCreated = defineEvent(
  'ScwSshKeyCreated',
  z.object({
    id: z.string(),
    organizationId: z.string(),
    projectId: z.string(),
    name: z.string(),
    /** `<type> <base64>`, comment dropped */
    publicKey: z.string(),
    fingerprint: z.string(),
    /** SHA-256 of the key blob: the duplicate reservation's key */
    keyDigest: z.string(),
    at,
  }),
)
export const SshKeyRenamed = defineEvent('ScwSshKeyRenamed', z.object({ name: z.string(), at }))
export const SshKeyDisabled = defineEvent('ScwSshKeyDisabled', z.object({ at }))
export const SshKeyEnabled = defineEvent('ScwSshKeyEnabled', z.object({ at }))
export const SshKeyDeleted = defineEvent('ScwSshKeyDeleted', z.object({ at }))

export type SshKeyEvent =
  | ReturnType<typeof SshKeyCreated>
  | ReturnType<typeof SshKeyRenamed>
  | ReturnType<typeof SshKeyDisabled>
  | ReturnType<typeof SshKeyEnabled>
  | ReturnType<typeof SshKeyDeleted>
