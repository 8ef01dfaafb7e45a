// `Scp-Api-Version: iam <1.0|1.1|1.2>` negotiation (spec §3, §6.1 #3–#6). No header means 1.2 (current). 1.0
// (DEPRECATED) and 1.1 (SUPPORTED) are served with `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) headers
// carrying the documented "supported until" dates; with IAM_SCP_ENFORCE_SUNSET=1 a version past its date is
// refused (400). An unknown or malformed value is 400. Whether an operation exists in a version is the route
// table's business (domain/scp/routes.ts): absent → 404.
import { SCP_CURRENT_VERSION, type ScpVersion } from '../../../domain/scp/routes.js'

export const VERSION_HEADER = 'scp-api-version'

/** The document's "Supported Until" per version (`-` for the current one). */
export const SUPPORTED_UNTIL: Readonly<Record<ScpVersion, Date | undefined>> = {
  '1.0': new Date('2026-02-23T00:00:00Z'),
  '1.1': new Date('2026-05-31T00:00:00Z'),
  '1.2': undefined,
}

// `iam 1.2`; the SAML examples' stray trailing comma (`iam 1.2,`) is tolerated.
const HEADER = /^iam\s+(\d+\.\d+)\s*,?$/i

export type Negotiated =
  | { ok: true; version: ScpVersion; headers: Record<string, string> }
  | { ok: false; message: string }

export function negotiateVersion(header: string | undefined, now: Date, options: { enforceSunset: boolean }): Negotiated {
  const value = header?.trim()
  if (value === undefined || value === '') return { ok: true, version: SCP_CURRENT_VERSION, headers: {} }
  const match = HEADER.exec(value)
  if (!match) return { ok: false, message: 'Scp-Api-Version must be "iam <version>", e.g. "iam 1.2"' }
  const version = match[1] as string
  if (!(version in SUPPORTED_UNTIL)) return { ok: false, message: `API version ${version} does not exist; use iam 1.2, 1.1 or 1.0` }
  const until = SUPPORTED_UNTIL[version as ScpVersion]
  if (!until) return { ok: true, version: version as ScpVersion, headers: {} }
  if (options.enforceSunset && now.getTime() >= until.getTime()) {
    return { ok: false, message: `API version ${version} was supported until ${until.toISOString().slice(0, 10)}; use iam 1.2` }
  }
  return {
    ok: true,
    version: version as ScpVersion,
    headers: { Deprecation: `@${Math.floor(until.getTime() / 1000)}`, Sunset: until.toUTCString() },
  }
}
