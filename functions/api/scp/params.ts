// Path parameters as handlers receive them: ids in any rendering normalized to 32 lowercase hex (a malformed one
// is answered as an unknown one, 404), and `{srn}` decoded from base64 (spec §1.18, §6.3 #44): standard or
// URL-safe alphabet, with or without `=` padding, a standard `/` arriving as `%2F` (Hono has already decoded it).
import { parseSrn } from '../../../domain/authz/srn.js'
import { normalizeId } from '../../../domain/core/ids.js'
import { SCP_RESOURCE_TYPES } from '../../../domain/scp/routes.js'
import { invalidArgument, notFound, type ScpWireError } from './errors.js'

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/
const SRN_MAX = 2048

/** The SRN text of a base64 path segment; undefined when it is not base64 of an SRN. */
export function decodeSrnParam(value: string): string | undefined {
  if (value.length === 0 || value.length > SRN_MAX || !BASE64.test(value)) return undefined
  const standard = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (standard.length % 4 === 1) return undefined
  const text = Buffer.from(standard, 'base64').toString('utf8')
  // Buffer ignores what it cannot read: a round trip proves the text is what was sent.
  if (Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '') !== standard) return undefined
  return parseSrn(text) ? text : undefined
}

/** An SRN as a path segment: standard base64 with padding, as SCP's documents show (callers percent-encode `/`). */
export function encodeSrnParam(srn: string): string {
  return Buffer.from(srn, 'utf8').toString('base64')
}

/** The id parameters' resource names for a 404 (`the group is not found`). */
const RESOURCE_NAMES: Readonly<Record<string, string>> = { account_id: 'account', ...SCP_RESOURCE_TYPES }

export function canonicalParams(raw: Readonly<Record<string, string>>): { ok: true; params: Record<string, string> } | { ok: false; error: ScpWireError } {
  const params: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'srn') {
      const srn = decodeSrnParam(value)
      if (srn === undefined) return { ok: false, error: invalidArgument('srn', 'format', 'srn must be the base64 of an SRN (srn:{env}::{account}:{region}::{service}:{type}/{id})') }
      params.srn = srn
    } else if (name.endsWith('_id')) {
      const id = normalizeId(value)
      if (!id) return { ok: false, error: notFound(RESOURCE_NAMES[name] ?? name.slice(0, -3)) }
      params[name] = id
    } else {
      params[name] = value
    }
  }
  return { ok: true, params }
}
