import { describe, expect, it } from 'vitest'
import { alreadyExists, conflict, invalidArgument, notFound, permissionDenied, preconditionFailed, quotaExceeded } from '../../../domain/core/errors.js'
import { fromDomainError, fromValidationIssues, tooManyRequests } from './errors.js'

const ORG = '0190f2a4c7e37d3a9b1e2f3a4b5c6d7e'
const ORG_UUID = '0190f2a4-c7e3-7d3a-9b1e-2f3a4b5c6d7e'

describe('domain errors on the Scaleway wire', () => {
  it('renders every error kind with the fields the SDK needs to build its typed error', () => {
    expect(fromDomainError(invalidArgument('name', 'name is too long'))).toEqual({
      status: 400,
      body: { type: 'invalid_arguments', message: 'invalid argument(s)', details: [{ argument_name: 'name', reason: 'constraint', help_message: 'name is too long' }] },
    })
    expect(fromDomainError(notFound('application', ORG))).toEqual({
      status: 404,
      body: { type: 'not_found', message: 'resource is not found', resource: 'application', resource_id: ORG_UUID },
    })
    expect(fromDomainError(alreadyExists('group', ORG, 'a group named x exists'))).toMatchObject({
      status: 409,
      body: { type: 'already_exists', resource: 'group', resource_id: ORG_UUID, help_message: 'a group named x exists' },
    })
    expect(fromDomainError(permissionDenied('groups', 'delete'))).toMatchObject({
      status: 403,
      body: { type: 'permissions_denied', details: [{ resource: 'groups', action: 'delete' }] },
    })
    expect(fromDomainError(quotaExceeded('api_keys', 10, 10, ORG))).toMatchObject({
      status: 403,
      body: { type: 'quotas_exceeded', details: [{ resource: 'api_keys', quota: 10, current: 10, organization_id: ORG_UUID }] },
    })
    expect(fromDomainError(preconditionFailed('owner', 'the owner cannot be deleted'))).toMatchObject({
      status: 412,
      body: { type: 'precondition_failed', precondition: 'owner', help_message: 'the owner cannot be deleted' },
    })
    expect(fromDomainError(conflict('group', ORG, 'updating', 'try again'))).toMatchObject({
      status: 409,
      body: { type: 'transient_state', resource: 'group', resource_id: ORG_UUID, current_state: 'updating' },
    })
    expect(fromDomainError({ kind: 'locked', resource: 'user', resourceId: ORG })).toMatchObject({
      status: 423,
      body: { type: 'locked', resource: 'user', resource_id: ORG_UUID },
    })
    expect(fromDomainError({ kind: 'unauthenticated', method: 'api_key', reason: 'expired', message: 'expired' })).toMatchObject({
      status: 401,
      body: { type: 'denied_authentication', method: 'api_key', reason: 'expired' },
    })
    const stale = fromDomainError({ kind: 'stale', message: 'projection behind' })
    expect(stale.status).toBe(503)
    expect(stale.headers).toEqual({ 'Retry-After': '1' })
  })

  it('keeps an access key as the resource id, since it is not an id', () => {
    expect(fromDomainError(notFound('api_key', 'SCWABCDEFGHIJKLMNOPQ')).body.resource_id).toBe('SCWABCDEFGHIJKLMNOPQ')
  })

  it('gives every error body a type and a message', () => {
    for (const error of [notFound('a', 'b'), invalidArgument('a', 'b'), permissionDenied('a', 'b'), { kind: 'stale', message: '' } as const]) {
      const { body } = fromDomainError(error)
      expect(typeof body.type).toBe('string')
      expect(body.message.length).toBeGreaterThan(0)
    }
  })

  it('rate limiting says when to retry, in the header and in the body', () => {
    expect(tooManyRequests(2.2, { quota: 20, windowSeconds: 60 })).toEqual({
      status: 429,
      body: {
        type: 'too_many_requests', message: 'too many requests', help_message: 'retry in 3 second(s)', reset_seconds: 3,
        limit: { quota: 20, window_seconds: 60 },
      },
      headers: { 'Retry-After': '3' },
    })
  })
})

describe('validation issues on the Scaleway wire', () => {
  it('names nested fields and tells a missing field from a wrong one', () => {
    const error = fromValidationIssues(
      'json',
      [
        { code: 'invalid_type', path: ['name'], message: '', expected: 'string' },
        { code: 'invalid_type', path: ['rules', 0, 'condition'], message: '', expected: 'string' },
        { code: 'too_big', path: ['description'], message: '', origin: 'string', maximum: 200 },
        { code: 'invalid_value', path: ['type'], message: '', values: ['signing', 'encryption'] },
        { code: 'invalid_type', path: [], message: '', expected: 'object' },
      ],
      { rules: [{ condition: 3 }] },
    )
    expect(error.body.details).toEqual([
      { argument_name: 'name', reason: 'required', help_message: 'name is required' },
      { argument_name: 'rules.0.condition', reason: 'format', help_message: 'must be a string' },
      { argument_name: 'description', reason: 'constraint', help_message: 'must be at most 200 characters' },
      { argument_name: 'type', reason: 'format', help_message: 'must be one of: signing, encryption' },
      { argument_name: 'body', reason: 'format', help_message: 'must be an object' },
    ])
  })
})
