import { describe, expect, it } from 'vitest'
import { decideResourcePolicy, MAX_RESOURCE_POLICY_VERSIONS, type ResourcePolicyCommand } from './decide.js'
import { currentVersion, evolveResourcePolicy, type ResourcePolicyState } from './evolve.js'
import type { ResourcePolicyEvent } from './events.js'

const A = '1d9cc99917ff41bb992276ac0ae9e4c8'
const SRN = `srn:dev2::${A}:kr-west1::virtualserver:virtual-server/vm1`
let n = 0
const target = () => ({ organizationId: A, srn: SRN, at: '2026-11-25T00:00:00.000Z', by: 'b'.repeat(32), versionId: (++n).toString(16).padStart(32, '0') })
const stmt = (Sid: string | undefined, extra = {}) => ({ ...(Sid && { Sid }), Effect: 'Allow', Action: ['virtualserver:ShowVirtualServer'], Principal: '*', ...extra })

function run(state: ResourcePolicyState, command: ResourcePolicyCommand): ResourcePolicyState {
  const events = decideResourcePolicy(state, command)
  if (!Array.isArray(events)) throw new Error(JSON.stringify(events))
  return (events as ResourcePolicyEvent[]).reduce(evolveResourcePolicy, state)
}
const sids = (state: ResourcePolicyState) => currentVersion(state.policy!).document.Statement.map((statement) => statement.Sid)

describe('resource-based policies', () => {
  it('creates on the first added statement, numbers Sids, refuses a taken one, renames, removes and keeps it empty', () => {
    let state = run({}, { ...target(), type: 'AddStatement', statement: stmt(undefined) })
    state = run(state, { ...target(), type: 'AddStatement', statement: stmt('Named') })
    expect(sids(state)).toEqual(['statement1', 'Named'])
    expect(decideResourcePolicy(state, { ...target(), type: 'AddStatement', statement: stmt('Named') })).toMatchObject({ kind: 'already_exists' })
    expect(decideResourcePolicy(state, { ...target(), type: 'SetStatement', sid: 'statement1', statement: stmt('Named') })).toMatchObject({ kind: 'already_exists' })
    state = run(state, { ...target(), type: 'SetStatement', sid: 'statement1', statement: stmt('Renamed') })
    expect(sids(state)).toEqual(['Renamed', 'Named'])
    expect(decideResourcePolicy(state, { ...target(), type: 'RemoveStatement', sid: 'gone' })).toMatchObject({ kind: 'not_found', resource: 'statement' })
    state = run(run(state, { ...target(), type: 'RemoveStatement', sid: 'Renamed' }), { ...target(), type: 'RemoveStatement', sid: 'Named' })
    expect(sids(state)).toEqual([])
    expect(state.policy!.versions).toHaveLength(MAX_RESOURCE_POLICY_VERSIONS)
  })

  it('refuses a malformed SRN (400) and another account\'s (404); a statement edit on no policy is 404', () => {
    expect(decideResourcePolicy({}, { ...target(), srn: 'srn:x', type: 'DeleteResourcePolicy' })).toMatchObject({ kind: 'invalid_argument', argument: 'srn' })
    expect(decideResourcePolicy({}, { ...target(), srn: SRN.replace(A, 'f'.repeat(32)), type: 'DeleteResourcePolicy' })).toMatchObject({ kind: 'not_found' })
    expect(decideResourcePolicy({}, { ...target(), type: 'SetStatement', sid: 's', statement: stmt('s') })).toMatchObject({ kind: 'not_found', resource: 'resource_policy' })
  })

  it('validates whole documents naming the field', () => {
    const document = { Version: '2024-07-01', Statement: [stmt('a', { Principal: null })] }
    expect(decideResourcePolicy({}, { ...target(), type: 'SetResourcePolicy', document })).toMatchObject({ argument: 'policy_version.policy_document.Statement[0].Principal' })
  })
})
