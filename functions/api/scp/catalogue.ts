// The read-only SCP catalogue (spec §6.3 #49, #50): service accounts and the endpoints list come from
// `catalogue.json` beside this file (documented in the README), validated when the process starts.
import { z } from 'zod'
import file from './catalogue.json' with { type: 'json' }

const ServiceAccountEntry = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'a 32-hex id'),
  name: z.string().min(1).max(255),
  service: z.string().min(1).max(255),
})

const EndpointEntry = z.object({
  region: z.string().min(1),
  service_name: z.string().min(1),
  service_type: z.string().min(1),
  url: z.url(),
})

const CatalogueFile = z.object({
  service_accounts: z.array(ServiceAccountEntry),
  endpoints: z.array(EndpointEntry),
})

export type ScpServiceAccount = z.infer<typeof ServiceAccountEntry>
export type ScpEndpoint = z.infer<typeof EndpointEntry>
export type ScpCatalogue = z.infer<typeof CatalogueFile>

export function parseCatalogue(value: unknown): ScpCatalogue {
  const parsed = CatalogueFile.safeParse(value)
  if (!parsed.success) throw new Error(`functions/api/scp/catalogue.json is invalid: ${parsed.error.message}`)
  const ids = parsed.data.service_accounts.map((account) => account.id)
  if (new Set(ids).size !== ids.length) throw new Error('functions/api/scp/catalogue.json: service account ids must be unique')
  return parsed.data
}

export const scpCatalogue: ScpCatalogue = parseCatalogue(file)
