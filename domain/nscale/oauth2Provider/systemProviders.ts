// System (global) upstream providers (spec §3.2 #12, §9 #16): configuration (IAM_NSCALE_OIDC_PROVIDERS), shown as
// `oauth2ProviderRead` with `organizationId` "" and no secret. Their ids are upstream's deterministic
// `resource.id(name)` (helm-common), so the same name always has the same id.
import { createHash } from 'node:crypto'
import { OAUTH2_PROVIDER_TYPES, type Oauth2ProviderType } from './events.js'

/** helm-common `resource.id(name)`: a UUID-shaped digest of the name, first character `f`, version nibble 4. */
export function deterministicId(name: string): string {
  const h = createHash('sha256').update(name, 'utf8').digest('hex')
  return `f${h.slice(1, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** A provider named like a known type (`google`, `microsoft`, `github`) has that type. */
export function providerTypeOf(name: string): Oauth2ProviderType | undefined {
  return (OAUTH2_PROVIDER_TYPES as readonly string[]).includes(name) ? (name as Oauth2ProviderType) : undefined
}
