// The notification port's public face, and the adapter a process uses: SES when IAM_SES_FROM is set, else the
// local outbox.
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { Dynamo } from '../store/dynamo.js'
import type { Notifier } from './notifier.js'
import { createOutboxNotifier } from './outbox.js'
import { createSesNotifier } from './ses.js'

export { NOTIFICATION_TEMPLATES, type Notification, type NotificationTemplate, type Notifier } from './notifier.js'
export { createOutboxNotifier, listOutbox, OUTBOX_TTL_SECONDS, type OutboxEntry } from './outbox.js'
export { createSesNotifier, type EmailSender } from './ses.js'
export { renderNotification, type RenderedMessage } from './templates.js'

export function createNotifier(
  ports: { dynamo: Dynamo; clock: Clock; ids: IdGenerator },
  env: Record<string, string | undefined> = process.env,
): Notifier {
  const from = env.IAM_SES_FROM?.trim()
  return from ? createSesNotifier({ from }) : createOutboxNotifier(ports.dynamo, ports)
}
