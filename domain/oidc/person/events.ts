// Events of a person (the "global user" of spec §4.6, §9 #24): one per subject (an e-mail address, lower case),
// across every organization. Its state gates sign-in: `pending` until the person follows the e-mailed signup link
// (spec §5.11), then `active`. People who never had a person record are active (they predate e-mail verification).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'

export const PERSON_STATES = ['pending', 'active'] as const
export type PersonStatus = (typeof PERSON_STATES)[number]

const at = z.string()
const by = z.string()

export const OidcPersonRegistered = defineEvent(
  'OidcPersonRegistered',
  z.object({ subject: z.string().min(3).max(254), state: z.enum(PERSON_STATES), at, by }),
)
export const OidcPersonActivated = defineEvent('OidcPersonActivated', z.object({ at, by }))

export type PersonEvent = ReturnType<typeof OidcPersonRegistered> | ReturnType<typeof OidcPersonActivated>
