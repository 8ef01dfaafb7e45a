// The `Memberships` port over the global membership index (domain/nscale/user/items.ts): consistent reads, so a
// membership works the moment it is created and stops the moment it is deleted.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { subjectActivityKey, subjectMembershipKey, subjectPk, type MembershipIndexItem } from '../../../domain/nscale/user/items.js'
import { batchGet, keyId } from '../../projector/dynamoBatch.js'
import { liveOrganizationIds } from '../../auth/organizationStatus.js'
import type { Dynamo } from '../../store/dynamo.js'
import type { Memberships } from './deps.js'

const SUBJECT_MAX = 254

/** The index, and whether a subject belongs to any organization that is not deleted (the OIDC login's "known person"). */
export function membershipIndex(dynamo: Dynamo): Memberships & { inLiveOrganization(subject: string): Promise<boolean> } {
  const index: Memberships = {
    async principalIn(subject, organizationId) {
      if (subject.length === 0 || subject.length > SUBJECT_MAX) return undefined
      const { Item } = await dynamo.doc.send(
        new GetCommand({ TableName: dynamo.tables.state, Key: { ...subjectMembershipKey(subject, organizationId) }, ConsistentRead: true }),
      )
      return (Item as MembershipIndexItem | undefined)?.principalId
    },
    async organizationsOf(subject) {
      if (subject.length === 0 || subject.length > SUBJECT_MAX) return []
      const found: string[] = []
      let start: Record<string, unknown> | undefined
      do {
        const page = await dynamo.doc.send(
          new QueryCommand({
            TableName: dynamo.tables.state,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :org)',
            ExpressionAttributeValues: { ':pk': subjectPk(subject), ':org': 'org#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        )
        for (const item of page.Items ?? []) found.push((item as MembershipIndexItem).organizationId)
        start = page.LastEvaluatedKey
      } while (start)
      return found
    },
    async lastActive(subjects) {
      const wanted = subjects.filter((subject) => subject.length > 0 && subject.length <= SUBJECT_MAX)
      const found = await batchGet(dynamo.doc, dynamo.tables.state, wanted.map(subjectActivityKey))
      return new Map(wanted.flatMap((subject) => {
        const at = found.get(keyId(subjectActivityKey(subject)))?.lastAuthentication
        return typeof at === 'string' ? [[subject, at] as const] : []
      }))
    },
  }
  return {
    ...index,
    // Index items outlive their organization: the tombstones say which still count.
    inLiveOrganization: async (subject) => (await liveOrganizationIds(dynamo, await index.organizationsOf(subject))).length > 0,
  }
}
