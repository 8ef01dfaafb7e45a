// The local notification adapter: every notification becomes an outbox item of its organization in the state
// table (`<org>#outbox` / ULID, kept 7 days by TTL), which `iam outbox` prints. Items hold what the notification
// holds (no secrets), and the rendered subject so an operator sees what would have been sent.
import { PutCommand, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { Dynamo } from '../store/dynamo.js'
import { isLive } from '../store/stateStore.js'
import { TTL_ATTRIBUTE } from '../store/tables.js'
import type { Notification, NotificationTemplate, Notifier } from './notifier.js'
import { renderNotification } from './templates.js'

export const OUTBOX_TTL_SECONDS = 7 * 24 * 3600
const OUTBOX = 'outbox'

export interface OutboxEntry {
  id: string
  organizationId: string
  to: string
  template: NotificationTemplate
  subject: string
  data: Record<string, string>
  createdAt: string
}

export function outboxPartition(organizationId: string): string {
  return `${organizationId}#${OUTBOX}`
}

export function createOutboxNotifier(dynamo: Dynamo, ports: { clock: Clock; ids: IdGenerator }): Notifier {
  return {
    async send(notification: Notification) {
      const now = ports.clock.now()
      await dynamo.doc.send(
        new PutCommand({
          TableName: dynamo.tables.state,
          Item: {
            pk: outboxPartition(notification.organizationId),
            sk: ports.ids.newUlid(),
            to: notification.to,
            template: notification.template,
            subject: renderNotification(notification).subject,
            data: notification.data,
            createdAt: now.toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + OUTBOX_TTL_SECONDS,
          },
        }),
      )
    },
  }
}

/** The outbox of one organization, or of every organization (a Scan: a local operator's tool), oldest first. */
export async function listOutbox(dynamo: Dynamo, options: { organizationId?: string; now?: Date } = {}): Promise<OutboxEntry[]> {
  const now = options.now ?? new Date()
  const items = options.organizationId
    ? await readAll((start) =>
        dynamo.doc.send(
          new QueryCommand({
            TableName: dynamo.tables.state,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': outboxPartition(options.organizationId!) },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          } satisfies QueryCommandInput),
        ),
      )
    : await readAll((start) =>
        dynamo.doc.send(
          new ScanCommand({
            TableName: dynamo.tables.state,
            FilterExpression: 'contains(pk, :outbox)',
            ExpressionAttributeValues: { ':outbox': `#${OUTBOX}` },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          } satisfies ScanCommandInput),
        ),
      )
  return items
    .filter((item) => String(item.pk).endsWith(`#${OUTBOX}`) && isLive(item, now))
    .map((item) => ({
      id: String(item.sk),
      organizationId: String(item.pk).slice(0, -OUTBOX.length - 1),
      to: String(item.to),
      template: item.template as NotificationTemplate,
      subject: String(item.subject ?? ''),
      data: (item.data ?? {}) as Record<string, string>,
      createdAt: String(item.createdAt),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

type Page = { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }

async function readAll(read: (start: Record<string, unknown> | undefined) => Promise<Page>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  let start: Record<string, unknown> | undefined
  do {
    const page = await read(start)
    items.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start)
  return items
}
