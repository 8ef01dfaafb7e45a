// Quotas (spec §1.9, §4.7): the limits of the organization's countable resources (domain/scaleway/quota). IAM is
// global, so each quotum has one global limit. Decisions (spec §5.7 #47, #48): the deprecated `limit`/`unlimited`
// and `limits[]` are both given and agree, each a one-of (the limit, or `unlimited: true`); an unknown quotum is
// 404; `quotum_names` naming unknown quota simply matches nothing.
import { notFound } from '../../../../domain/core/errors.js'
import { isQuotumName, quota, quotum, type Quotum } from '../../../../domain/scaleway/index.js'
import { defineHandlers, operation } from '../operation.js'
import { oneOf, paginate } from '../paging.js'

export function renderQuotum(q: Quotum) {
  const value = q.limit === undefined ? { limit: null, unlimited: true } : { limit: q.limit, unlimited: null }
  return {
    name: q.name,
    ...value,
    pretty_name: q.prettyName,
    unit: q.unit,
    description: q.description,
    locality_type: q.localityType,
    limits: [{ global: true, region: null, zone: null, ...value }],
  }
}

export const quotaHandlers = defineHandlers(
  operation('ListQuota', async ({ input }) => {
    const query = input.query
    const page = paginate(quota(), {
      filter: (q) => oneOf<string>(q.name, query.quotum_names),
      orderBy: query.order_by,
      sortKeys: { name: (q) => q.name },
      tieBreaker: (q) => q.name,
      page: query.page,
      pageSize: query.page_size,
    })
    return { body: { quota: page.items.map(renderQuotum), total_count: page.total_count } }
  }),

  operation('GetQuotum', async ({ input }) => {
    const name = input.params.quotum_name
    return isQuotumName(name) ? { body: renderQuotum(quotum(name)) } : notFound('quotum', name)
  }),
)
