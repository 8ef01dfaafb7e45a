// SCP resource names ↔ canonical resources (resource.ts). The SRN's account is the organization.
//
//   srn:{env}::{account}:{region}::{service}:{type}/{id}   ↔   org/{account}/region/{region or -}/{service}/{type}/{id}
//
// The environment token (dev2, qa2, e …) belongs to the deployment, not to the resource: it is dropped on the way
// in and supplied on the way out. An empty account (global IAM resources such as `srn:qa2:::::iam:policy/…`) is
// the account of the policy that names it. The shorter form seen in the SCP docs' role examples,
// `srn:{env}:{account}:{region}::{service}:{type}/{id}`, is read too; SRNs are always rendered in the long form.
import { compileGlob, hasWildcard } from './glob.js'
import { organizationResource, parseResource, renderResource, scopePatterns } from './resource.js'

export interface Srn {
  env: string
  /** Empty for account-less global resources. */
  account: string
  /** Empty for global resources. */
  region: string
  service: string
  resourceType: string
  resourceId: string
}

/** The region segment of an SCP resource that has none. */
export const NO_REGION = '-'

interface SrnFields {
  env: string
  account: string
  region: string
  service: string
  resource: string
}

function splitSrn(text: string): SrnFields | undefined {
  const fields = text.split(':')
  if (fields[0] !== 'srn') return undefined
  if (fields.length === 7 && fields[4] === '') {
    const [, env, account, region, , service, resource] = fields as [string, string, string, string, string, string, string]
    return { env, account, region, service, resource }
  }
  if (fields.length < 8 || !isBlank(fields[2]) || !isBlank(fields[5])) return undefined
  const [, env, , account, region, , service] = fields as [string, string, string, string, string, string, string]
  return { env, account, region, service, resource: fields.slice(7).join(':') }
}

/** The reserved SRN fields are empty (patterns may put `*` there). */
function isBlank(field: string | undefined): boolean {
  return field === '' || field === '*'
}

/** A concrete SRN (no wildcards); undefined when malformed. */
export function parseSrn(text: string): Srn | undefined {
  if (hasWildcard(text)) return undefined
  const fields = splitSrn(text)
  if (!fields || fields.env === '' || fields.service === '' || fields.region === NO_REGION) return undefined
  const slash = fields.resource.indexOf('/')
  if (slash <= 0 || slash === fields.resource.length - 1) return undefined
  const { env, account, region, service } = fields
  return { env, account, region, service, resourceType: fields.resource.slice(0, slash), resourceId: fields.resource.slice(slash + 1) }
}

export function renderSrn(srn: Srn): string {
  return `srn:${srn.env}::${srn.account}:${srn.region}::${srn.service}:${srn.resourceType}/${srn.resourceId}`
}

/** The canonical resource of an SRN; `account` stands in for an empty account. */
export function srnToResource(srn: Srn, options: { account?: string } = {}): string | undefined {
  const account = srn.account || options.account
  if (!account) return undefined
  return renderResource({
    orgId: account,
    region: srn.region || NO_REGION,
    service: srn.service,
    type: srn.resourceType,
    id: srn.resourceId,
  })
}

/** The SRN of a canonical SCP resource (one with a region and a service). */
export function resourceToSrn(resource: string, env: string): Srn | undefined {
  const parts = parseResource(resource)
  if (!parts || parts.projectId !== undefined || parts.region === undefined || parts.service === undefined) return undefined
  return {
    env,
    account: parts.orgId,
    region: parts.region === NO_REGION ? '' : parts.region,
    service: parts.service,
    resourceType: parts.type as string,
    resourceId: parts.id as string,
  }
}

/**
 * The canonical patterns of an SCP policy's `Resource` entry: `*` is the whole account; otherwise each SRN field
 * maps to its segment, wildcards kept. An SRN naming another environment than `env` matches nothing (`[]`).
 * Undefined when the entry is not an SRN pattern.
 */
export function srnPatternToResourcePatterns(pattern: string, options: { account: string; env?: string }): string[] | undefined {
  if (pattern === '*') return scopePatterns(organizationResource(options.account))
  const fields = splitSrn(pattern)
  if (!fields || fields.env === '' || fields.service === '' || fields.resource === '' || fields.region === NO_REGION) return undefined
  if (options.env !== undefined && !compileGlob(fields.env)(options.env)) return []
  const region = fields.region === '' ? NO_REGION : fields.region
  return [`org/${fields.account || options.account}/region/${region}/${fields.service}/${fields.resource}`]
}
