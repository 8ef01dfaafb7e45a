import { describe, expect, it } from 'vitest'
import { compileGlobs } from '../../authz/glob.js'
import { organizationResource, projectResource } from '../../authz/resource.js'
import type { Statement } from '../../authz/statement.js'
import { invalidArgument } from '../../core/errors.js'
import { toUuid } from '../../core/ids.js'
import { accountRootUserResource, compileScalewayPolicy, CONDITION_MAX, resolveScalewayRules, type RuleSpec } from './compile.js'

const ORG = '0123456789abcdef0123456789abcdef'
const OTHER_ORG = 'fedcba9876543210fedcba9876543210'
const OWNER = '11111111111111111111111111111111'
const PROJECT_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const PROJECT_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
const organization = { organizationId: ORG, ownerPrincipalId: OWNER }

const policy = (...rules: RuleSpec[]) => ({
  id: 'cccccccccccccccccccccccccccccccc',
  version: 3,
  rules: rules.map((rule, i) => ({ id: `rule-${i}`, ...rule })),
})

function compiled(...rules: RuleSpec[]): Statement[] {
  const result = compileScalewayPolicy(policy(...rules), organization)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.statements
}

function errorsOf(...rules: RuleSpec[]) {
  const result = compileScalewayPolicy(policy(...rules), organization)
  if (result.ok) throw new Error('expected errors')
  return result.errors
}

/** Plain allow-only matching, as the engine does it: actions case-insensitive, resources by glob. */
function allows(statements: Statement[], action: string, resource: string): boolean {
  return statements.some(
    (s) => compileGlobs((s.actions ?? []).map((a) => a.toLowerCase()))(action.toLowerCase()) && compileGlobs(s.resources ?? [])(resource),
  )
}

const org = organizationResource(ORG)
const projectA = projectResource(ORG, PROJECT_A)
const projectB = projectResource(ORG, PROJECT_B)
const otherOrgProject = projectResource(OTHER_ORG, PROJECT_A)

describe('compileScalewayPolicy', () => {
  it('compiles one allow statement per rule, sourced to the policy version and rule', () => {
    const statements = compiled(
      { permissionSetNames: ['IAMManager'], organizationId: ORG },
      { permissionSetNames: ['InstancesReadOnly'], projectIds: [PROJECT_A] },
    )
    expect(statements).toEqual([
      {
        effect: 'allow',
        actions: ['account:projects:*', 'iam:*'],
        resources: [org, `${org}/*`],
        source: { surface: 'scaleway', policyId: 'cccccccccccccccccccccccccccccccc', policyVersion: 3, ruleId: 'rule-0' },
      },
      {
        effect: 'allow',
        actions: ['instance:*:list', 'instance:*:read'],
        resources: [projectA, `${projectA}/*`],
        source: { surface: 'scaleway', policyId: 'cccccccccccccccccccccccccccccccc', policyVersion: 3, ruleId: 'rule-1' },
      },
    ])
  })

  it('lets an organization scope cover the organization and all its projects, and nothing else', () => {
    const statements = compiled({ permissionSetNames: ['IAMManager'], organizationId: ORG })
    expect(allows(statements, 'iam:users:write', org)).toBe(true)
    expect(allows(statements, 'iam:ssh_keys:create', projectB)).toBe(true)
    expect(allows(statements, 'iam:users:write', organizationResource(OTHER_ORG))).toBe(false)
    expect(allows(statements, 'instance:servers:create', projectA)).toBe(false)
  })

  it('reads organization_id on a projects set as all projects, current and future', () => {
    const statements = compiled({ permissionSetNames: ['InstancesFullAccess'], organizationId: ORG })
    expect(allows(statements, 'instance:servers:create', projectA)).toBe(true)
    expect(allows(statements, 'instance:servers:create', projectResource(ORG, 'dddddddddddddddddddddddddddddddd'))).toBe(true)
    expect(allows(statements, 'instance:servers:create', otherOrgProject)).toBe(false)
  })

  it('keeps a project scope to its projects', () => {
    const statements = compiled({ permissionSetNames: ['InstancesFullAccess', 'SSHKeysReadOnly'], projectIds: [PROJECT_A] })
    expect(allows(statements, 'instance:servers:delete', projectA)).toBe(true)
    expect(allows(statements, 'instance:servers:delete', `${projectA}/instance/servers/42`)).toBe(true)
    expect(allows(statements, 'iam:ssh_keys:list', projectA)).toBe(true)
    expect(allows(statements, 'instance:servers:delete', projectB)).toBe(false)
    expect(allows(statements, 'instance:servers:delete', org)).toBe(false)
    expect(allows(statements, 'iam:ssh_keys:create', projectA)).toBe(false)
  })

  it('matches the actions case-insensitively, as CheckPermissions may send them', () => {
    const statements = compiled({ permissionSetNames: ['IAMReadOnly'], organizationId: ORG })
    expect(allows(statements, 'IAM:Users:Read', org)).toBe(true)
    expect(allows(statements, 'iam:users:delete', org)).toBe(false)
  })

  it('accepts ids in any rendering and uses the canonical one', () => {
    const statements = compiled({ permissionSetNames: ['InstancesReadOnly'], projectIds: [toUuid(PROJECT_A), PROJECT_A.toUpperCase()] })
    expect(statements[0]?.resources).toEqual([projectA, `${projectA}/*`])
    expect(compiled({ permissionSetNames: ['IAMReadOnly'], organizationId: toUuid(ORG) })[0]?.resources).toEqual([org, `${org}/*`])
  })

  it('carries a rule condition as CEL and treats an empty one as none', () => {
    const expression = 'request.user_agent.contains("terraform/") && inIpRange(request.ip, "192.0.2.0/24")'
    const [withCondition, withoutCondition] = compiled(
      { permissionSetNames: ['IAMReadOnly'], organizationId: ORG, condition: expression },
      { permissionSetNames: ['IAMReadOnly'], organizationId: ORG, condition: '' },
    )
    expect(withCondition?.condition).toEqual({ kind: 'cel', expression })
    expect(withoutCondition).not.toHaveProperty('condition')
  })
})

describe('account_root_user permission sets', () => {
  it('are scoped to the organization owner, derived, never given', () => {
    const [statement] = compiled({ permissionSetNames: ['AccountContactsManager'] })
    const owner = accountRootUserResource(ORG, OWNER)
    expect(owner).toBe(`org/${ORG}/account/root_user/${OWNER}`)
    expect(statement?.resources).toEqual([owner, `${owner}/*`])
    expect(allows([statement!], 'account:contacts:write', owner)).toBe(true)
    expect(allows([statement!], 'account:contacts:write', org)).toBe(false)
  })

  it("tolerate the policy's own organization_id and still scope to the owner", () => {
    const result = resolveScalewayRules([{ permissionSetNames: ['AccountContactsReadOnly'], organizationId: ORG }], organization)
    expect(result).toEqual({
      ok: true,
      rules: [{ permissionSetNames: ['AccountContactsReadOnly'], scopeType: 'account_root_user', scope: { kind: 'account_root_user', accountRootUserId: OWNER } }],
    })
  })

  it('refuse project_ids', () => {
    expect(errorsOf({ permissionSetNames: ['AccountContactsManager'], projectIds: [PROJECT_A] })).toEqual([
      invalidArgument('rules[0].project_ids', 'permission sets of scope type account_root_user cannot be scoped to projects'),
    ])
  })
})

describe('rule validation', () => {
  it('refuses an unknown permission set, naming the rule', () => {
    const errors = errorsOf(
      { permissionSetNames: ['IAMReadOnly'], organizationId: ORG },
      { permissionSetNames: ['IAMReadOnly'], organizationId: ORG },
      { permissionSetNames: ['InstanceReadAccess'], projectIds: [PROJECT_A] },
    )
    expect(errors).toEqual([invalidArgument('rules[2].permission_set_names', 'unknown permission set "InstanceReadAccess"')])
  })

  it('refuses a rule mixing scope types', () => {
    const [error] = errorsOf({ permissionSetNames: ['IAMManager', 'InstancesFullAccess'], organizationId: ORG })
    expect(error).toMatchObject({ kind: 'invalid_argument', argument: 'rules[0].permission_set_names' })
    expect(error).toHaveProperty('message', expect.stringContaining('IAMManager (organization), InstancesFullAccess (projects)'))
  })

  it('refuses a rule without permission sets', () => {
    expect(errorsOf({ permissionSetNames: [], organizationId: ORG })).toEqual([
      invalidArgument('rules[0].permission_set_names', 'rules[0].permission_set_names needs at least one permission set', 'required'),
    ])
  })

  it('refuses an organization set scoped to projects', () => {
    expect(errorsOf({ permissionSetNames: ['IAMReadOnly'], projectIds: [PROJECT_A] })).toEqual([
      invalidArgument('rules[0].project_ids', 'permission sets of scope type organization cannot be scoped to projects'),
    ])
  })

  it('refuses two scopes, and no scope', () => {
    expect(errorsOf({ permissionSetNames: ['InstancesReadOnly'], projectIds: [PROJECT_A], organizationId: ORG })[0]).toMatchObject({
      argument: 'rules[0].project_ids',
    })
    expect(errorsOf({ permissionSetNames: ['InstancesReadOnly'] })).toEqual([
      invalidArgument('rules[0].organization_id', 'a rule needs a scope: project_ids or organization_id', 'required'),
    ])
    expect(errorsOf({ permissionSetNames: ['IAMReadOnly'] })).toEqual([
      invalidArgument('rules[0].organization_id', 'a rule needs a scope: organization_id', 'required'),
    ])
  })

  it('refuses an empty project list and a malformed project id, naming it', () => {
    expect(errorsOf({ permissionSetNames: ['InstancesReadOnly'], projectIds: [] })[0]).toMatchObject({ argument: 'rules[0].project_ids', reason: 'required' })
    expect(errorsOf({ permissionSetNames: ['InstancesReadOnly'], projectIds: [PROJECT_A, 'not-an-id'] })).toEqual([
      invalidArgument('rules[0].project_ids[1]', 'rules[0].project_ids[1] is not a valid id', 'format'),
    ])
  })

  it("refuses another organization's id", () => {
    expect(errorsOf({ permissionSetNames: ['IAMReadOnly'], organizationId: OTHER_ORG })).toEqual([
      invalidArgument('rules[0].organization_id', 'organization_id must be the organization of the policy'),
    ])
  })

  it('refuses a condition longer than 2048 characters', () => {
    const condition = `request.ip == "${'1'.repeat(CONDITION_MAX)}"`
    expect(errorsOf({ permissionSetNames: ['IAMReadOnly'], organizationId: ORG, condition })).toEqual([
      invalidArgument('rules[0].condition', `rules[0].condition must be at most ${CONDITION_MAX} characters`),
    ])
  })

  it('accepts the conditions Scaleway documents', () => {
    for (const condition of [
      'request.user_agent.contains("terraform/")',
      'request.time.getDayOfWeek() != 0 && request.time.getDayOfWeek() != 6',
      'request.time.getHours("Europe/Paris") >= 8',
      'inIpRange(request.ip, "192.0.2.0/24")',
    ]) {
      expect(resolveScalewayRules([{ permissionSetNames: ['IAMReadOnly'], organizationId: ORG, condition }], organization).ok, condition).toBe(true)
    }
  })

  it('refuses a condition that does not parse or type-check, naming the rule', () => {
    for (const condition of ['request.ip ==', 'request.ip + 1 == 2', 'unknownFunction(request.ip)']) {
      const errors = errorsOf({ permissionSetNames: ['IAMReadOnly'], organizationId: ORG }, { permissionSetNames: ['IAMReadOnly'], organizationId: ORG, condition })
      expect(errors, condition).toHaveLength(1)
      expect(errors[0], condition).toMatchObject({ kind: 'invalid_argument', argument: 'rules[1].condition', reason: 'format' })
    }
  })

  it('reports every broken rule, not only the first', () => {
    const errors = errorsOf(
      { permissionSetNames: ['Nope'], organizationId: ORG },
      { permissionSetNames: ['IAMReadOnly'], organizationId: ORG },
      { permissionSetNames: ['IAMReadOnly'], organizationId: OTHER_ORG, condition: 'x'.repeat(CONDITION_MAX + 1) },
    )
    expect(errors.map((e) => (e.kind === 'invalid_argument' ? e.argument : e.kind))).toEqual([
      'rules[0].permission_set_names',
      'rules[2].organization_id',
      'rules[2].condition',
    ])
  })

  it('resolves the scope type and scope each rule stores and renders', () => {
    const result = resolveScalewayRules(
      [
        { permissionSetNames: ['InstancesFullAccess'], organizationId: toUuid(ORG) },
        { permissionSetNames: ['InstancesFullAccess', 'SSHKeysFullAccess'], projectIds: [PROJECT_A, PROJECT_B, PROJECT_A], condition: 'true' },
        { permissionSetNames: ['BillingReadOnly'], organizationId: ORG },
      ],
      organization,
    )
    expect(result).toEqual({
      ok: true,
      rules: [
        { permissionSetNames: ['InstancesFullAccess'], scopeType: 'projects', scope: { kind: 'organization', organizationId: ORG } },
        {
          permissionSetNames: ['InstancesFullAccess', 'SSHKeysFullAccess'],
          scopeType: 'projects',
          scope: { kind: 'projects', projectIds: [PROJECT_A, PROJECT_B] },
          condition: 'true',
        },
        { permissionSetNames: ['BillingReadOnly'], scopeType: 'organization', scope: { kind: 'organization', organizationId: ORG } },
      ],
    })
  })

  it('accepts a policy without rules', () => {
    expect(compileScalewayPolicy(policy(), organization)).toEqual({ ok: true, statements: [] })
  })
})
