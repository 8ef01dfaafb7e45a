import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2'
import { describe, expect, it } from 'vitest'
import { createSesNotifier, NOTIFICATION_TEMPLATES, renderNotification, type Notification } from './index.js'

const ORG = '0190f2a5c3e87d1a9b2c3d4e5f607182'
const welcome: Notification = { organizationId: ORG, to: 'ada@example.com', template: 'welcome', data: { organization_id: ORG, username: 'ada' } }

describe('notifications', () => {
  it('renders every template with a subject and the data it names', () => {
    for (const template of NOTIFICATION_TEMPLATES) {
      const message = renderNotification({ template, data: { organization_id: ORG, username: 'ada', email: 'ada@example.com' } })
      expect(message.subject.length).toBeGreaterThan(0)
      expect(message.text).toContain(ORG)
    }
  })

  it('sends one SES e-mail from the configured address to the recipient', async () => {
    const sent: SendEmailCommandInput[] = []
    await createSesNotifier({ from: 'iam@example.com', client: { sendEmail: async (input) => sent.push(input) } }).send(welcome)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      FromEmailAddress: 'iam@example.com',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: { Simple: { Subject: { Data: 'Welcome' }, Body: { Text: { Data: expect.stringContaining('ada') } } } },
    })
  })
})
