// The AWS notification adapter: each notification is one SES v2 e-mail from IAM_SES_FROM, rendered by templates.ts.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2'
import type { Notification, Notifier } from './notifier.js'
import { renderNotification } from './templates.js'

/** What the adapter needs of the SES client (a test passes its own). */
export interface EmailSender {
  send(command: SendEmailCommand): Promise<unknown>
}

export function createSesNotifier(options: { from: string; client?: EmailSender }): Notifier {
  const client = options.client ?? new SESv2Client({})
  return {
    async send(notification: Notification) {
      const { subject, text } = renderNotification(notification)
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [notification.to] },
          Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } } },
          EmailTags: [{ Name: 'template', Value: notification.template }],
        }),
      )
    },
  }
}
