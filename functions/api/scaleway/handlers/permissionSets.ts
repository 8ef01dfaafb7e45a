// ListPermissionSets (spec §1.7): the static catalogue (domain/scaleway/catalogue), the same for every
// organization; `organization_id` only names the tenancy the authorization check is made in.
import { listPermissionSets } from '../../../../domain/scaleway/index.js'
import { defineHandlers, operation } from '../operation.js'

export const permissionSetHandlers = defineHandlers(
  operation('ListPermissionSets', async ({ input }) => {
    const { permissionSets, totalCount } = listPermissionSets({ orderBy: input.query.order_by, page: input.query.page, pageSize: input.query.page_size })
    return {
      body: {
        permission_sets: permissionSets.map((set) => ({
          id: set.id,
          name: set.name,
          scope_type: set.scopeType,
          description: set.description,
          categories: [...set.categories],
        })),
        total_count: totalCount,
      },
    }
  }),
)
