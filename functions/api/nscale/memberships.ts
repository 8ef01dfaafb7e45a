// The `Memberships` port over the global membership index (domain/nscale/user/items.ts): consistent reads, so a
// membership works the moment it is created and stops the moment it is deleted.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { subjectMembershipKey, subjectPk, type MembershipIndexItem } from '../../../domain/nscale/user/items.js'
import type { Dynamo } from '../../store/dynamo.js'
import type { Memberships } from './deps.js'

const SUBJECT_MAX = 254

export function membershipIndex(dynamo: Dynamo): Memberships {
  return {
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
  }
}
