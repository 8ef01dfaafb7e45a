// The organization's tombstone (domain/core/organization/items.ts) for a path that does not already read it with a
// credential or a check: the OIDC login's "is this person known" (membership index items outlive their
// organization). Consistent reads: a deletion is seen at once.
import { organizationDeletedBy, organizationStatusKey } from '../../domain/core/organization/items.js'
import { batchGet, keyId } from '../projector/dynamoBatch.js'
import type { Dynamo } from '../store/dynamo.js'

/** The ids whose organization is not deleted, in order: one consistent BatchGetItem per 100 distinct ids. */
export async function liveOrganizationIds(dynamo: Dynamo, organizationIds: readonly string[]): Promise<string[]> {
  if (organizationIds.length === 0) return []
  const found = await batchGet(dynamo.doc, dynamo.tables.state, organizationIds.map(organizationStatusKey))
  return organizationIds.filter((id) => !organizationDeletedBy(found.get(keyId(organizationStatusKey(id)))))
}
