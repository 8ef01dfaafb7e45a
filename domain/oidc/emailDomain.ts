// The global e-mail domain index (DESIGN §3 `~emaildomain`): a domain organization (spec §4.3 `organizationType:
// domain`) claims its e-mail domain, and login finds the upstream IdP of an address through it (spec §5.4). The
// organization writes the item with its events (one organization per domain); the OIDC provider only reads it.
import { GLOBAL_SCOPES, globalPk } from '../core/globalItems.js'
import type { StateKey } from '../core/ports.js'

export interface EmailDomainItem {
  organizationId: string
  /** Where `providerId` lives: a system provider (`global`) or one of the organization's (`organization`). */
  providerScope?: 'global' | 'organization'
  providerId?: string
}

export function emailDomainKey(domain: string): StateKey {
  return { pk: globalPk(GLOBAL_SCOPES.emailDomain, domain.trim().toLowerCase()), sk: 'organization' }
}

/** The domain of an e-mail address (lower case), or undefined when it is no address. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@')
  if (at < 1 || at === email.length - 1 || email.length > 254) return undefined
  const domain = email.slice(at + 1).toLowerCase()
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(domain) ? domain : undefined
}
