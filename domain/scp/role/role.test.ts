import { describe, expect, it } from 'vitest'
import { invalidArgument } from '../../core/errors.js'
import { decideRole } from './decide.js'
import { evolveRole, type RoleState } from './evolve.js'
import type { RoleEvent } from './events.js'

const A = '1d9cc99917ff41bb992276ac0ae9e4c8'
const ROLE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const target = { organizationId: A, id: ROLE, at: '2026-11-25T00:00:00.000Z', by: 'b'.repeat(32) }
const USER = `srn:e::${A}:::iam:user/u1`
const create = (extra = {}) => ({ ...target, type: 'CreateRole' as const, name: 'ops', description: null, maxSessionDuration: 3600, tags: [], principals: [{ type: 'SRN', value: USER }], ...extra })
const given = (...events: RoleEvent[]): RoleState => events.reduce(evolveRole, { deleted: false })

describe('roles', () => {
  it('builds the trust policy from principals, one Allow sts:AssumeRole statement each', () => {
    const [created] = decideRole({ deleted: false }, create()) as RoleEvent[]
    expect(created?.data).toMatchObject({ type: 'USER_DEFINED', trustPolicy: { Version: '2024-07-01', Statement: [{ Sid: 'statement1', Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: USER, Resource: [] }] } })
  })

  it('prefers assume_role_policy_document, validated as a trust policy', () => {
    const document = { Version: '2024-07-01', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'] }] }
    expect(decideRole({ deleted: false }, create({ trustPolicy: document }))).toMatchObject({ argument: 'assume_role_policy_document.Statement[0].Principal' })
  })

  it.each([
    [{ name: 'has space' }, 'name'],
    [{ maxSessionDuration: 3599 }, 'max_session_duration'],
    [{ principals: [] }, 'assume_role_policy_document'],
    [{ principals: [{ type: 'ARN', value: USER }] }, 'principals[0].type'],
    [{ principals: [{ type: 'SRN', value: 'srn:e::ffffffffffffffffffffffffffffffff:::iam:user/u1' }] }, 'principals[0].value'],
  ])('refuses %o naming %s', (extra, field) => {
    expect(decideRole({ deleted: false }, create(extra))).toMatchObject({ kind: 'invalid_argument', argument: field })
  })

  it('updates only what changed, checks the session bounds on update, and forgets a deleted role', () => {
    const state = given(...(decideRole({ deleted: false }, create()) as RoleEvent[]))
    expect(decideRole(state, { ...target, type: 'SetRole', maxSessionDuration: 3600 })).toEqual([])
    expect(decideRole(state, { ...target, type: 'SetRole', maxSessionDuration: 43201 })).toEqual(
      invalidArgument('max_session_duration', 'max_session_duration must be an integer from 3600 to 43200 seconds'),
    )
    const deleted = given(...(decideRole({ deleted: false }, create()) as RoleEvent[]), ...(decideRole(state, { ...target, type: 'DeleteRole' }) as RoleEvent[]))
    expect(decideRole(deleted, { ...target, type: 'SetRoleTrustPolicy', trustPolicy: {} })).toMatchObject({ kind: 'not_found' })
  })
})
