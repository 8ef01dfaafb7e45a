import { describe, expect, it } from 'vitest'
import { fold } from '../../core/decider.js'
import { notFound } from '../../core/errors.js'
import { organizationCreated, organizationDeleted } from '../../core/organization/events.js'
import { organizationDecider, organizationStreamId } from '../../core/organization/evolve.js'
import { organizationStatusKey } from '../../core/organization/items.js'
import { emailDomainKey, organizationIndexKey, planCreateNscaleOrganization, planDeleteNscaleOrganization } from './decide.js'
import { nscaleOrganizationDecider, nscaleOrganizationStreamId, type NscaleOrganizationState } from './evolve.js'
import type { NscaleOrganizationEvent } from './events.js'

const ID = '0'.repeat(31) + '7'
const now = new Date('2026-03-04T05:06:07.000Z')
const core = fold(organizationDecider, [organizationCreated({ organizationId: ID, name: 'Acme', ownerPrincipalId: 'b'.repeat(32), createdAt: now.toISOString() })])
const created = planCreateNscaleOrganization({ deleted: false }, {
  id: ID, metadata: { name: 'acme' }, spec: { organizationType: 'domain', domain: 'Acme.test', providerScope: 'global', providerID: 'google' }, now, by: 'admin@example.com',
})
if ('kind' in created) throw new Error('creation refused')
const live: NscaleOrganizationState = fold(nscaleOrganizationDecider, created.appends[0]!.events as NscaleOrganizationEvent[])

describe('deleting an nscale organization', () => {
  it('deletes the tenant with its nscale view in one plan: tombstone, index and e-mail domain released', () => {
    const writes = planDeleteNscaleOrganization(live, core, { id: ID, now, by: 'admin@example.com' })
    if ('kind' in writes) throw new Error('refused')
    expect(writes.appends.map((append) => [append.streamId, append.events.map((event) => event.type)])).toEqual([
      [nscaleOrganizationStreamId(ID), ['NscaleOrganizationDeleted']],
      [organizationStreamId(ID), ['OrganizationDeleted']],
    ])
    expect(writes.extras).toEqual(expect.arrayContaining([
      { kind: 'delete', key: organizationIndexKey(ID) },
      { kind: 'release', key: emailDomainKey('acme.test'), owner: ID },
      { kind: 'put', key: organizationStatusKey(ID), attributes: { deleted: true, deletedAt: now.toISOString() } },
    ]))
  })

  it('is not found once deleted, on either side', () => {
    const gone = fold(nscaleOrganizationDecider, [], { ...live, deleted: true })
    expect(planDeleteNscaleOrganization(gone, core, { id: ID, now, by: 'x' })).toEqual(notFound('organization', ID))
    const coreGone = fold(organizationDecider, [organizationDeleted({ organizationId: ID, deletedAt: now.toISOString() })], core)
    expect(planDeleteNscaleOrganization(live, coreGone, { id: ID, now, by: 'x' })).toEqual(notFound('organization', ID))
  })
})
