/**
 * The canonical resource string: one format for every dialect, matched by glob (see glob.ts).
 *
 *   org/<orgId>                                          an organization (SCP: an account)
 *   org/<orgId>/project/<projectId>                      a project (Scaleway, nscale)
 *   org/<orgId>[/project/<projectId>][/region/<region>]/<service>/<type>/<id>
 *                                                        a resource inside the organization or project;
 *                                                        SCP resources always carry a region, `-` when the SRN has none
 *
 * Segments are separated by `/`; organization, project, region, service and type segments never contain `/`,
 * the id may (it is the rest of the string). `project` and `region` are reserved words, never service names.
 * Concrete resources contain no `*` or `?`.
 *
 * Patterns use the same format with `*` (any run, spanning `/`) and `?` (one character). A grant over a scope
 * compiles to two patterns, the scope itself and everything under it, so that an organization-wide grant
 * covers the organization's projects and their resources:
 *
 *   organization scope  →  org/<orgId>, org/<orgId>/*
 *   project scope       →  org/<orgId>/project/<projectId>, org/<orgId>/project/<projectId>/*
 *
 * Dialects: Scaleway rules (`organization_id` / `project_ids`) and nscale role grants (global / organization /
 * project) use the scope patterns below; SCP SRNs map field by field (srn.ts).
 */

export interface ResourceParts {
  orgId: string
  projectId?: string
  region?: string
  /** service, type and id come together or not at all. */
  service?: string
  type?: string
  id?: string
}

const RESERVED_SEGMENTS = new Set(['project', 'region'])

export function renderResource(parts: ResourceParts): string {
  let out = `org/${parts.orgId}`
  if (parts.projectId !== undefined) out += `/project/${parts.projectId}`
  if (parts.region !== undefined) out += `/region/${parts.region}`
  if (parts.service !== undefined) out += `/${parts.service}/${parts.type}/${parts.id}`
  return out
}

/** Parses a concrete canonical resource; undefined when it does not follow the format. */
export function parseResource(resource: string): ResourceParts | undefined {
  if (/[*?]/.test(resource)) return undefined
  const segments = resource.split('/')
  if (segments[0] !== 'org' || !segment(segments[1])) return undefined
  const parts: ResourceParts = { orgId: segments[1] as string }
  let at = 2
  if (segments[at] === 'project') {
    if (!segment(segments[at + 1])) return undefined
    parts.projectId = segments[at + 1]
    at += 2
  }
  if (segments[at] === 'region') {
    if (!segment(segments[at + 1])) return undefined
    parts.region = segments[at + 1]
    at += 2
  }
  if (at === segments.length) return parts
  const [service, type] = [segments[at], segments[at + 1]]
  const id = segments.slice(at + 2).join('/')
  if (!segment(service) || RESERVED_SEGMENTS.has(service as string) || !segment(type) || id === '') return undefined
  return { ...parts, service, type, id }
}

function segment(value: string | undefined): boolean {
  return value !== undefined && value !== ''
}

export const organizationResource = (orgId: string): string => renderResource({ orgId })
export const projectResource = (orgId: string, projectId: string): string => renderResource({ orgId, projectId })

/** The patterns a grant over a scope compiles to: the scope and everything under it. */
export function scopePatterns(scope: string): string[] {
  return [scope, `${scope}/*`]
}

/** Scaleway rule scopes: `organization_id`, or `project_ids` (one pair of patterns per project). */
export function scalewayScopePatterns(
  scope: { organizationId: string } | { organizationId: string; projectIds: readonly string[] },
): string[] {
  if ('projectIds' in scope) return scope.projectIds.flatMap((projectId) => scopePatterns(projectResource(scope.organizationId, projectId)))
  return scopePatterns(organizationResource(scope.organizationId))
}

/**
 * nscale grant levels: global (every organization), organization, or one project. The project level stays
 * within the project: nscale's "project falls back to organization" rule is a grant at organization level.
 */
export type NscaleScope =
  | { level: 'global' }
  | { level: 'organization'; organizationId: string }
  | { level: 'project'; organizationId: string; projectId: string }

export function nscaleScopePatterns(scope: NscaleScope): string[] {
  switch (scope.level) {
    case 'global':
      return ['org/*']
    case 'organization':
      return scopePatterns(organizationResource(scope.organizationId))
    case 'project':
      return scopePatterns(projectResource(scope.organizationId, scope.projectId))
  }
}
