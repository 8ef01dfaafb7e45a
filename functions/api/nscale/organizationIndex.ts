// The index of every organization (`~nscaleorg#all`, domain/nscale/organization/decide.ts), read consistently.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { organizationIndexKey } from '../../../domain/nscale/organization/decide.js'
import type { NscaleServices } from './deps.js'

/**
 * Whether the organization exists and is not deleted: its item in the index of every organization (removed in the
 * deletion's transaction), read consistently. For callers that configuration, not the tenant's grants, allows.
 */
export async function organizationIsListed(services: Pick<NscaleServices, 'dynamo'>, organizationId: string): Promise<boolean> {
  const { dynamo } = services
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...organizationIndexKey(organizationId) }, ConsistentRead: true }))
  return Item !== undefined
}

