// Service accounts (spec §2.67–§2.70) and endpoints (§2.7, §2.30).
import { z } from '@hono/zod-openapi'

export const ServiceAccount = z.object({ id: z.string(), name: z.string(), service: z.string() }).openapi('ServiceAccount')
export const ServiceAccountDetail = ServiceAccount.extend({
  password: z.null().openapi({ description: 'Always null: service-account passwords are never served.' }),
}).openapi('ServiceAccountDetail')
export const ServiceAccountShowResponse = z.object({ service_account: ServiceAccountDetail }).openapi('ServiceAccountShowResponse')
export const ServiceAccountListResponse = z.object({ service_accounts: z.array(ServiceAccount) }).openapi('ServiceAccountListResponse')
export const ListServiceAccountsQuery = z.object({ name: z.string().max(255).optional(), service: z.string().max(255).optional() })

export const EndpointsResponse = z
  .object({ region: z.string(), service_name: z.string(), service_type: z.string(), url: z.string() })
  .openapi('EndpointsResponse')
export const ListEndpointsResponse = z.object({ endpoints: z.array(EndpointsResponse) }).openapi('ListEndpointsResponse')
