// Service accounts, OAuth2 providers, quotas and allocations (spec §4.7, §4.9, §4.10). Owned by the
// nscale-resources handlers; refine freely.
import { z } from '@hono/zod-openapi'
import {
  idList, labelValue, organizationScopedResourceReadMetadata, projectScopedResourceReadMetadata, resourceWriteMetadata, stringList,
} from './common.js'

export const serviceAccountWrite = z
  .object({ metadata: resourceWriteMetadata, spec: z.object({ groupIDs: idList }).openapi('serviceAccountSpec') })
  .openapi('serviceAccountWrite')
const serviceAccountStatus = z
  .object({ expiry: z.string().openapi({ format: 'date-time' }), accessToken: z.string().optional() })
  .openapi('serviceAccountStatus')
export const serviceAccountRead = z
  .object({ metadata: organizationScopedResourceReadMetadata, spec: z.object({ groupIDs: stringList }), status: serviceAccountStatus })
  .openapi('serviceAccountRead')
export const serviceAccountCreate = serviceAccountRead.openapi('serviceAccountCreate')
export const serviceAccounts = z.array(serviceAccountRead).openapi('serviceAccounts')

export const oauth2ProviderType = z.enum(['google', 'microsoft', 'github']).openapi('oauth2ProviderType')
export const oauth2ProviderSpec = z
  .object({
    type: oauth2ProviderType.optional(),
    issuer: z.string().min(1).max(2048),
    clientID: z.string().min(1).max(1024),
    clientSecret: z.string().max(4096).optional(),
  })
  .openapi('oauth2ProviderSpec')
export const oauth2ProviderWrite = z.object({ metadata: resourceWriteMetadata, spec: oauth2ProviderSpec }).openapi('oauth2ProviderWrite')
export const oauth2ProviderRead = z
  .object({ metadata: organizationScopedResourceReadMetadata, spec: oauth2ProviderSpec })
  .openapi('oauth2ProviderRead')
export const oauth2Providers = z.array(oauth2ProviderRead).openapi('oauth2Providers')

const quantity = z.number().int().min(0).max(1_000_000_000)
export const quotaWrite = z.object({ kind: z.string().min(1).max(63), quantity }).openapi('quotaWrite')
export const quotasWrite = z.object({ quotas: z.array(quotaWrite).max(100) }).openapi('quotasWrite')
export const quotaRead = z
  .object({
    kind: z.string(), quantity: z.number().int(), used: z.number().int(), free: z.number().int(), committed: z.number().int(),
    reserved: z.number().int(), displayName: z.string(), description: z.string(), default: z.number().int(),
  })
  .openapi('quotaRead')
export const quotasRead = z.object({ quotas: z.array(quotaRead) }).openapi('quotasRead')

export const resourceAllocation = z
  .object({ kind: labelValue, committed: quantity, reserved: quantity })
  .openapi('resourceAllocation')
export const allocationSpec = z
  .object({ kind: labelValue, id: z.string().min(1).max(253), allocations: z.array(resourceAllocation).max(32) })
  .openapi('allocationSpec')
export const allocationWrite = z.object({ metadata: resourceWriteMetadata, spec: allocationSpec }).openapi('allocationWrite')
export const allocationRead = z.object({ metadata: projectScopedResourceReadMetadata, spec: allocationSpec }).openapi('allocationRead')
export const allocations = z.array(allocationRead).openapi('allocations')
