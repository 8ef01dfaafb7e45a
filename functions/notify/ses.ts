// The AWS notification adapter: each notification is one SES v2 e-mail from IAM_SES_FROM, rendered by templates.ts.
// The SES client is loaded on the first e-mail, so that a Lambda that sends none never pays for its import.
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2'
import type { Notification, Notifier } from './notifier.js'
import { renderNotification } from './templates.js'

/** What the adapter needs of SES (a test passes its own). */
export interface EmailSender {
  sendEmail(input: SendEmailCommandInput): Promise<unknown>
}

export function createSesNotifier(options: { from: string; client?: EmailSender }): Notifier {
  let sender: Promise<EmailSender> | undefined = options.client ? Promise.resolve(options.client) : undefined
  return {
    async send(notification: Notification) {
      sender ??= sesSender()
      const { subject, text } = renderNotification(notification)
      await (await sender).sendEmail({
        FromEmailAddress: options.from,
        Destination: { ToAddresses: [notification.to] },
        Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } } },
        EmailTags: [{ Name: 'template', Value: notification.template }],
      })
    },
  }
}

async function sesSender(): Promise<EmailSender> {
  const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2')
  const client = new SESv2Client({})
  return { sendEmail: (input) => client.send(new SendEmailCommand(input)) }
}
