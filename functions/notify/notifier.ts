// The notification port (STYLE: ports as plain objects): e-mails a surface sends to people, such as a Scaleway
// invitation, welcome or password e-mail. Locally an outbox in the state table (`iam outbox` prints it), on AWS
// SES. A notification never carries secret material (no password, no token): only ids, names and addresses.
// Two exceptions: `scp_access_key_otp` carries the one-time passcode itself, which is its whole purpose (5 minutes,
// single use; the server keeps only its hash), and `nscale_signup` carries the signup link with its token, which is
// its whole purpose too (24 hours, single use; the server keeps only the token's hash). Locally the outbox is the
// mail server.
export const NOTIFICATION_TEMPLATES = ['invitation', 'welcome', 'password_set', 'password_changed', 'scp_access_key_otp', 'nscale_signup'] as const
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number]

export interface Notification {
  organizationId: string
  /** The recipient's e-mail address. */
  to: string
  template: NotificationTemplate
  /** What the template mentions (ids, username, organization name …); never secrets. */
  data: Record<string, string>
}

export interface Notifier {
  send(notification: Notification): Promise<void>
}
