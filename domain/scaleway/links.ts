// What points at a principal, kept in the principal's own stream so that deleting it can cascade in the same
// transaction (DESIGN §4) without reading a projection: the groups it belongs to, the policies attached to it,
// the API keys it bears. Written together with the change on the other side; an entry may outlive a deleted
// group or policy (deleting those does not touch every member), so cascades skip what is already gone.
import { z } from 'zod'

export const LINK_KINDS = ['group', 'policy', 'api_key'] as const
export type LinkKind = (typeof LINK_KINDS)[number]

export const linkSchema = z.object({ link: z.enum(LINK_KINDS), id: z.string() })
export type Link = z.infer<typeof linkSchema>

export interface Links {
  groupIds: string[]
  policyIds: string[]
  /** Credential ids of the API keys the principal bears. */
  apiKeyIds: string[]
}

export const noLinks = (): Links => ({ groupIds: [], policyIds: [], apiKeyIds: [] })

const FIELD: Record<LinkKind, keyof Links> = { group: 'groupIds', policy: 'policyIds', api_key: 'apiKeyIds' }

export function addLink(links: Links, { link, id }: Link): Links {
  const field = FIELD[link]
  return links[field].includes(id) ? links : { ...links, [field]: [...links[field], id] }
}

export function removeLink(links: Links, { link, id }: Link): Links {
  const field = FIELD[link]
  return { ...links, [field]: links[field].filter((existing) => existing !== id) }
}

export function hasLink(links: Links, { link, id }: Link): boolean {
  return links[FIELD[link]].includes(id)
}
