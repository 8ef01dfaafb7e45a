// The text of each notification. Plain text, English; the data holds only ids, names and addresses.
import type { Notification } from './notifier.js'

export interface RenderedMessage {
  subject: string
  text: string
}

export function renderNotification({ template, data }: Pick<Notification, 'template' | 'data'>): RenderedMessage {
  const organization = data.organization_id ?? ''
  switch (template) {
    case 'invitation':
      return {
        subject: 'You are invited to join an organization',
        text: `You were invited to join the organization ${organization} as ${data.email ?? ''}. Sign in with this e-mail address to accept.`,
      }
    case 'welcome':
      return {
        subject: 'Welcome',
        text: `An account was created for you in the organization ${organization}. Your username is ${data.username ?? ''}.`,
      }
    case 'password_set':
      // The password itself is never e-mailed: whoever set it hands it over.
      return {
        subject: 'Your password was set',
        text: `A password was set for your account ${data.username ?? ''} in the organization ${organization}. Ask your administrator for it, then change it.`,
      }
    case 'scp_access_key_otp':
      return data.locale === 'ko_KR'
        ? { subject: '임시 Access Key 인증 번호', text: `계정 ${organization}의 임시 Access Key 발급 인증 번호: ${data.passcode ?? ''} (5분간 유효)` }
        : { subject: 'Your temporary access key passcode', text: `Your passcode to create a temporary access key in the account ${organization} is ${data.passcode ?? ''}. It is valid for 5 minutes.` }
    case 'nscale_signup':
      return {
        subject: 'Activate your account',
        text: `An account was created for ${data.email ?? ''} in the organization ${organization}. Follow this link within 24 hours to activate it: ${data.link ?? ''}`,
      }
    case 'password_changed':
      return {
        subject: 'Your password was changed',
        text: `The password of your account ${data.username ?? ''} in the organization ${organization} was changed. If you did not expect this, contact your administrator.`,
      }
  }
}
