// Quotas (spec §1.9, §2.1 `Quotum`, `Quotum.Limit`).
import { z } from '@hono/zod-openapi'
import { count, id, orderBy, page, pageSize, pathName, queryArray } from './common.js'

export const LOCALITY_TYPES = ['global', 'region', 'zone'] as const

export const QuotumLimit = z
  .object({
    global: z.boolean().nullable(),
    region: z.string().nullable(),
    zone: z.string().nullable(),
    limit: count.nullable(),
    unlimited: z.boolean().nullable(),
  })
  .openapi('scaleway.iam.v1alpha1.Quotum.Limit')

export const Quotum = z
  .object({
    name: z.string(),
    limit: count.nullable().openapi({ deprecated: true }),
    unlimited: z.boolean().nullable().openapi({ deprecated: true }),
    pretty_name: z.string(),
    unit: z.string(),
    description: z.string(),
    locality_type: z.enum(LOCALITY_TYPES),
    limits: z.array(QuotumLimit),
  })
  .openapi('scaleway.iam.v1alpha1.Quotum')

export const ListQuotaResponse = z
  .object({ quota: z.array(Quotum), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListQuotaResponse')

export const QUOTA_ORDER = ['name_asc', 'name_desc'] as const

const quotumName = z.string().min(1).max(128)

export const ListQuotaQuery = z.object({
  order_by: orderBy(QUOTA_ORDER, 'name_asc'),
  page_size: pageSize,
  page,
  organization_id: id.optional(),
  quotum_names: queryArray(quotumName).optional(),
})

export const QuotumParams = z.object({ quotum_name: pathName('quotum', /^[A-Za-z0-9_.-]{1,128}$/) })

export const GetQuotumQuery = z.object({ organization_id: id.optional() })
