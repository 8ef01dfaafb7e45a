// Ids in SCP request bodies and queries: any rendering is accepted (DESIGN §3) and made canonical; a malformed
// one is a 400 naming its place.
import { invalidArgument, type DomainError } from '../../../../domain/core/errors.js'
import { normalizeId, type Id } from '../../../../domain/core/ids.js'

export function canonicalIds(field: string, ids: readonly string[] | null | undefined): Id[] | DomainError {
  const out: Id[] = []
  for (const [index, id] of (ids ?? []).entries()) {
    const canonical = normalizeId(id)
    if (!canonical) return invalidArgument(`${field}[${index}]`, `${field}[${index}] is not a valid id`, 'format')
    if (!out.includes(canonical)) out.push(canonical)
  }
  return out
}

/** An optional id filter; a malformed one matches nothing. */
export function canonicalFilter(id: string | undefined): Id | undefined | null {
  if (id === undefined || id === '') return undefined
  return normalizeId(id) ?? null
}
