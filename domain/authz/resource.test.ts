import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileGlobs } from './glob.js'
import {
  nscaleScopePatterns,
  organizationResource,
  parseResource,
  projectResource,
  renderResource,
  scalewayScopePatterns,
  type ResourceParts,
} from './resource.js'
import { parseSrn, renderSrn, resourceToSrn, srnPatternToResourcePatterns, srnToResource, type Srn } from './srn.js'

const ORG = '0b6f3b1c9a1e4e2f8a7d6c5b4a392817'
const OTHER_ORG = 'f0e1d2c3b4a5968778695a4b3c2d1e0f'
const PROJECT = '5d7e1c0a2b3f4e5d6c7b8a9f0e1d2c3b'
const OTHER_PROJECT = '11111111222233334444555555555555'
const matches = (patterns: string[], resource: string) => compileGlobs(patterns)(resource)

describe('canonical resource', () => {
  it('renders and parses every shape', () => {
    const shapes: ResourceParts[] = [
      { orgId: ORG },
      { orgId: ORG, projectId: PROJECT },
      { orgId: ORG, service: 'iam', type: 'user', id: 'u1' },
      { orgId: ORG, projectId: PROJECT, service: 'instance', type: 'server', id: 's1' },
      { orgId: '1234', region: 'kr-west1', service: 'virtualserver', type: 'virtual-server', id: 'a/b' },
    ]
    for (const parts of shapes) expect(parseResource(renderResource(parts))).toEqual(parts)
    expect(renderResource({ orgId: ORG, projectId: PROJECT, service: 'instance', type: 'server', id: 's1' })).toBe(
      `org/${ORG}/project/${PROJECT}/instance/server/s1`,
    )
  })

  it('refuses strings off the format', () => {
    for (const bad of ['', 'org', 'org/', `org/${ORG}/project`, `org/${ORG}/project/`, `org/${ORG}/iam/user`, `org/${ORG}/iam/user/`,
      `org/${ORG}/*`, `organization/${ORG}`, `org/${ORG}/region/kr/region/x/y`, `org//iam/user/u`]) {
      expect(parseResource(bad), bad).toBeUndefined()
    }
  })

  it('round-trips random parts', () => {
    const word = fc.stringMatching(/^[a-z0-9-]{1,12}$/).filter((w) => w !== 'project' && w !== 'region')
    fc.assert(
      fc.property(word, fc.option(word, { nil: undefined }), fc.option(word, { nil: undefined }),
        fc.option(fc.tuple(word, word, fc.stringMatching(/^[a-z0-9-]{1,8}(\/[a-z0-9-]{1,8}){0,2}$/)), { nil: undefined }),
        (orgId, projectId, region, tail) => {
          const parts: ResourceParts = { orgId }
          if (projectId !== undefined) parts.projectId = projectId
          if (region !== undefined) parts.region = region
          if (tail) Object.assign(parts, { service: tail[0], type: tail[1], id: tail[2] })
          expect(parseResource(renderResource(parts))).toEqual(parts)
        }),
    )
  })
})

describe('scopes', () => {
  it('an organization-wide Scaleway grant covers the organization, its projects and their resources', () => {
    const patterns = scalewayScopePatterns({ organizationId: ORG })
    expect(patterns).toEqual([`org/${ORG}`, `org/${ORG}/*`])
    expect(matches(patterns, organizationResource(ORG))).toBe(true)
    expect(matches(patterns, projectResource(ORG, PROJECT))).toBe(true)
    expect(matches(patterns, `org/${ORG}/project/${PROJECT}/instance/server/s1`)).toBe(true)
    expect(matches(patterns, `org/${ORG}/iam/user/u1`)).toBe(true)
    expect(matches(patterns, organizationResource(OTHER_ORG))).toBe(false)
    expect(matches(patterns, `org/${ORG}x`)).toBe(false)
  })

  it('a project grant covers that project only, not the organization', () => {
    const patterns = scalewayScopePatterns({ organizationId: ORG, projectIds: [PROJECT] })
    expect(matches(patterns, projectResource(ORG, PROJECT))).toBe(true)
    expect(matches(patterns, `org/${ORG}/project/${PROJECT}/instance/server/s1`)).toBe(true)
    expect(matches(patterns, projectResource(ORG, OTHER_PROJECT))).toBe(false)
    expect(matches(patterns, organizationResource(ORG))).toBe(false)
    expect(matches(patterns, `org/${ORG}/iam/user/u1`)).toBe(false)
  })

  it('nscale global, organization and project levels nest', () => {
    const global = nscaleScopePatterns({ level: 'global' })
    const organization = nscaleScopePatterns({ level: 'organization', organizationId: ORG })
    const project = nscaleScopePatterns({ level: 'project', organizationId: ORG, projectId: PROJECT })
    const inProject = `org/${ORG}/project/${PROJECT}/identity/allocation/a1`
    expect([global, organization, project].map((p) => matches(p, inProject))).toEqual([true, true, true])
    expect([global, organization, project].map((p) => matches(p, organizationResource(ORG)))).toEqual([true, true, false])
    expect([global, organization, project].map((p) => matches(p, organizationResource(OTHER_ORG)))).toEqual([true, false, false])
  })
})

describe('SCP resource names', () => {
  const example = 'srn:dev2::1234567890102345690:kr-west1::virtualserver:virtual-server/abcde-1234-5555-6666'

  it('parses the documented SRN and maps it to a regional resource of the account', () => {
    const srn = parseSrn(example) as Srn
    expect(srn).toEqual({ env: 'dev2', account: '1234567890102345690', region: 'kr-west1', service: 'virtualserver',
      resourceType: 'virtual-server', resourceId: 'abcde-1234-5555-6666' })
    expect(renderSrn(srn)).toBe(example)
    const resource = srnToResource(srn) as string
    expect(resource).toBe('org/1234567890102345690/region/kr-west1/virtualserver/virtual-server/abcde-1234-5555-6666')
    expect(resourceToSrn(resource, 'dev2')).toEqual(srn)
  })

  it('maps account-less global resources through the policy account and a "-" region', () => {
    const srn = parseSrn('srn:qa2:::::iam:policy/37f2e31ff86b415698d7e8eeafab445d') as Srn
    expect(srn.account).toBe('')
    expect(srnToResource(srn)).toBeUndefined()
    const resource = srnToResource(srn, { account: '42' }) as string
    expect(resource).toBe('org/42/region/-/iam/policy/37f2e31ff86b415698d7e8eeafab445d')
    expect(renderSrn(resourceToSrn(resource, 'qa2') as Srn)).toBe('srn:qa2::42:::iam:policy/37f2e31ff86b415698d7e8eeafab445d')
  })

  it('reads the short form of the role examples', () => {
    expect(parseSrn('srn:e:1234:::iam:user/abc1234')).toEqual({ env: 'e', account: '1234', region: '', service: 'iam',
      resourceType: 'user', resourceId: 'abc1234' })
  })

  it('refuses malformed SRNs', () => {
    for (const bad of ['', 'arn:aws:iam::1:user/x', 'srn:e::1:kr::iam:user', 'srn:e::1:kr::iam:/x', 'srn:e::1:kr::iam:user/',
      'srn:e:x:1:kr::iam:user/u', 'srn:e::1:kr:z:iam:user/u', 'srn:e::1:kr::iam:user/*', 'srn:::1:kr::iam:user/u', 'srn:e::1:-::iam:user/u']) {
      expect(parseSrn(bad), bad).toBeUndefined()
    }
    expect(resourceToSrn(`org/${ORG}/project/${PROJECT}/iam/user/u`, 'e')).toBeUndefined()
    expect(resourceToSrn(`org/${ORG}`, 'e')).toBeUndefined()
  })

  it('round-trips random SRNs through the canonical form', () => {
    const word = fc.stringMatching(/^[a-z0-9-]{1,10}$/)
    fc.assert(
      fc.property(word, fc.stringMatching(/^[0-9]{1,19}$/), fc.option(word.filter((w) => w !== '-'), { nil: '' }), word, word, fc.stringMatching(/^[a-z0-9-]{1,8}(\/[a-z0-9]{1,4})?$/),
        (env, account, region, service, resourceType, resourceId) => {
          const srn: Srn = { env, account, region, service, resourceType, resourceId }
          expect(parseSrn(renderSrn(srn))).toEqual(srn)
          expect(resourceToSrn(srnToResource(srn) as string, env)).toEqual(srn)
        }),
    )
  })

  it('maps policy Resource patterns, keeping wildcards field by field', () => {
    const account = '1234567890102345690'
    expect(srnPatternToResourcePatterns('*', { account })).toEqual([`org/${account}`, `org/${account}/*`])
    const all = srnPatternToResourcePatterns('srn:*::1234567890102345690:*::virtualserver:virtual-server/*', { account }) as string[]
    expect(matches(all, srnToResource(parseSrn(example) as Srn) as string)).toBe(true)
    expect(matches(all, `org/${account}/region/kr-west1/objectstorage/bucket/b`)).toBe(false)
    const global = srnPatternToResourcePatterns('srn:qa2:::::iam:policy/*', { account: '42' }) as string[]
    expect(global).toEqual(['org/42/region/-/iam/policy/*'])
    expect(srnPatternToResourcePatterns('srn:dev2::1:kr::iam:user/u', { account: '1', env: 'qa2' })).toEqual([])
    expect(srnPatternToResourcePatterns('srn:*::1:kr::iam:user/u', { account: '1', env: 'qa2' })).toHaveLength(1)
    expect(srnPatternToResourcePatterns('virtual-server/*', { account })).toBeUndefined()
    expect(srnPatternToResourcePatterns('srn:e::1:kr::iam:', { account })).toBeUndefined()
  })
})
