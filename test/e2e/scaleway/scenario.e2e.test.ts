// The scenario of issue 4, through the official SDK: an application in a group with a read-only policy
// (IAMReadOnly on the organization) can read and cannot write; removing it from the group revokes that (the
// removal's consistency token makes the very next request see it); an expired key is refused.
import { setTimeout as sleep } from 'node:timers/promises'
import { Errors } from '@scaleway/sdk-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startScalewayHarness, uniqueName, type ScalewayHarness } from '../../support/scalewayHarness.js'
import { readYourWrites, type ReadYourWrites } from './readYourWrites.js'

let h: ScalewayHarness
let owner: ReadYourWrites

beforeAll(async () => {
  h = await startScalewayHarness({ env: { IAM_CONSISTENCY_WAIT_MS: '10000' } })
  owner = readYourWrites(h.baseUrl, h.org)
}, 60_000)
afterAll(async () => h?.close())

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

describe('an application in a read-only group', () => {
  it('reads, cannot write, loses its rights with the group, and is refused once its key expires', async () => {
    const iam = owner.iam
    const colleague = await iam.createUser({ email: `${uniqueName('colleague')}@example.com` })
    const app = await iam.createApplication({ name: uniqueName('reader'), description: 'reads IAM' })
    const key = await iam.createAPIKey({ applicationId: app.id, description: 'scenario' })
    const group = await iam.createGroup({ name: uniqueName('readers'), description: '' })
    await iam.addGroupMember({ groupId: group.id, applicationId: app.id })
    await iam.createPolicy({
      name: uniqueName('read-only'), description: '', groupId: group.id,
      rules: [{ permissionSetNames: ['IAMReadOnly'], organizationId: h.org.organizationId, condition: '' }],
    })
    await h.settle(owner.token())

    const asApp = h.sdk({ accessKey: key.accessKey, secretKey: key.secretKey!, organizationId: h.org.organizationId })
    const users = await asApp.listUsers({}).all()
    expect(users.map((user) => user.id)).toContain(colleague.id)
    expect((await asApp.getGroup({ groupId: group.id })).applicationIds).toEqual([app.id])
    const write = await rejection(asApp.createGroup({ name: uniqueName('nope'), description: '' }))
    expect(write).toBeInstanceOf(Errors.PermissionsDeniedError)
    expect((write as Errors.PermissionsDeniedError).list).toEqual([expect.objectContaining({ action: 'create' })])

    // Leaving the group revokes the policy: the removal's token makes the next request see it.
    const removal = await h.fetch(`/iam/v1alpha1/groups/${group.id}/remove-member`, {
      method: 'POST', secretKey: h.org.secretKey, body: { application_id: app.id },
    })
    expect(removal.status).toBe(200)
    const token = removal.headers.get('x-consistency-token')!
    const revoked = await h.fetch('/iam/v1alpha1/users', { secretKey: key.secretKey!, headers: { 'X-Consistency-Token': token } })
    expect(revoked.status).toBe(403)
    expect(await revoked.json()).toMatchObject({ type: 'permissions_denied', details: [{ resource: 'users', action: 'list' }] })
    await h.settle(token)
    expect(await rejection(asApp.listUsers({}))).toBeInstanceOf(Errors.PermissionsDeniedError)

    // Back in the group it reads again; deleting the group revokes it too.
    await iam.addGroupMember({ groupId: group.id, applicationId: app.id })
    await h.settle(owner.token())
    expect((await asApp.listGroups({})).totalCount).toBeGreaterThan(0)
    await iam.deleteGroup({ groupId: group.id })
    await h.settle(owner.token())
    expect(await rejection(asApp.listGroups({}))).toBeInstanceOf(Errors.PermissionsDeniedError)

    // An expired key is refused (401), whatever its bearer may do.
    const expiresAt = new Date(Date.now() + 1500)
    const shortLived = await iam.createAPIKey({ applicationId: app.id, description: 'short-lived', expiresAt })
    const asShortLived = h.sdk({ accessKey: shortLived.accessKey, secretKey: shortLived.secretKey!, organizationId: h.org.organizationId })
    expect(await rejection(asShortLived.listUsers({}))).toBeInstanceOf(Errors.PermissionsDeniedError)
    await sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 100)
    const expired = await rejection(asShortLived.listUsers({}))
    expect(expired).toBeInstanceOf(Errors.DeniedAuthenticationError)
    expect(expired).toMatchObject({ method: 'api_key', reason: 'expired' })
  })
})
