// Events of an organization's nscale quota (aggregate `nscale-quota`, one per organization, id = organization id).
import { z } from 'zod'
import { defineEvent } from '../../core/events.js'
import { KIND_PATTERN } from './kinds.js'

export const quotaEntrySchema = z.object({ kind: z.string().regex(KIND_PATTERN), quantity: z.number().int().min(0) })
export type QuotaEntry = z.infer<typeof quotaEntrySchema>

/** The stored list replaced: kinds it omits fall back to their defaults on read. `by` is the caller's subject. */
export const NscaleQuotasSet = defineEvent(
  'NscaleQuotasSet',
  z.object({ quotas: z.array(quotaEntrySchema), at: z.string(), by: z.string() }),
)

export type QuotaEvent = ReturnType<typeof NscaleQuotasSet>
