import { describe, expect, it } from 'vitest'
import type { IdGenerator } from '../../domain/core/ids.js'
import { bootstrapValues } from './bootstrap.js'

const ids: IdGenerator = { newId: () => 'a'.repeat(32), newUlid: () => '01ARZ3NDEKTSV4RRFFQ69G5FAV' }
const previous = {
  organization_id: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
  owner_user_id: 'cccccccc-cccc-cccc-cccc-cccccccccccc',
  access_key: 'SCWPREVIOUSPREVIOUS1',
  secret_key: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd',
}

describe('bootstrap values', () => {
  it('come from the environment when all three are set, and then nothing is written', () => {
    const settings = { organizationId: 'e'.repeat(32), accessKey: 'SCWENVIRONMENTENVIRO', secretKey: 'ffffffff-ffff-4fff-8fff-ffffffffffff' }
    expect(bootstrapValues(settings, previous, ids)).toEqual({
      values: { organization_id: 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee', access_key: 'SCWENVIRONMENTENVIRO', secret_key: 'ffffffff-ffff-4fff-8fff-ffffffffffff' },
      generated: false,
    })
  })

  it('reuse an earlier bootstrap.json, so that an in-memory server keeps its credentials across restarts', () => {
    expect(bootstrapValues({}, previous, ids)).toEqual({
      values: { organization_id: previous.organization_id, access_key: previous.access_key, secret_key: previous.secret_key },
      generated: true,
    })
  })

  it('are generated when neither is there, and the environment still wins field by field', () => {
    const { values, generated } = bootstrapValues({ accessKey: 'SCWENVIRONMENTENVIRO' }, undefined, ids)
    expect(generated).toBe(true)
    expect(values.organization_id).toBe('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa')
    expect(values.access_key).toBe('SCWENVIRONMENTENVIRO')
    expect(values.secret_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
