// The 19 peripheral operations (spec §1.14–§1.18): grace periods, MFA OTP, user connections, JWTs, SAML.
import { createRoute } from '@hono/zod-openapi'
import {
  CreateUserMFAOTPBody, DeleteUserMFAOTPBody, GetUserConnectionsResponse, InitiateUserConnectionBody, InitiateUserConnectionResponse,
  JoinUserConnectionBody, JWT, JWTParams, ListGracePeriodsQuery, ListGracePeriodsResponse, ListJWTsQuery, ListJWTsResponse, MFAOTP,
  RemoveUserConnectionBody, ValidateUserMFAOTPBody, ValidateUserMFAOTPResponse,
} from '../schemas/sessions.js'
import {
  AddSamlCertificateBody, EnableOrganizationSamlBody, ListSamlCertificatesResponse, Saml, SamlCertificate, SamlCertificateParams,
  SamlParams, UpdateSamlBody,
} from '../schemas/saml.js'
import { OrganizationParams } from '../schemas/organizations.js'
import { UserParams } from '../schemas/users.js'
import { jsonBody, noContent, ok } from './define.js'

export const sessionRoutes = {
  ListGracePeriods: createRoute({
    method: 'get', path: '/grace-periods', operationId: 'ListGracePeriods', tags: ['Users'], summary: 'List grace periods of a member',
    request: { query: ListGracePeriodsQuery }, responses: ok(ListGracePeriodsResponse),
  }),
  CreateUserMFAOTP: createRoute({
    method: 'post', path: '/users/{user_id}/mfa-otp', operationId: 'CreateUserMFAOTP', tags: ['Users'], summary: 'Create a MFA OTP.',
    request: { params: UserParams, body: jsonBody(CreateUserMFAOTPBody) }, responses: ok(MFAOTP),
  }),
  ValidateUserMFAOTP: createRoute({
    method: 'post', path: '/users/{user_id}/validate-mfa-otp', operationId: 'ValidateUserMFAOTP', tags: ['Users'], summary: 'Validate a MFA OTP.',
    request: { params: UserParams, body: jsonBody(ValidateUserMFAOTPBody) }, responses: ok(ValidateUserMFAOTPResponse),
  }),
  DeleteUserMFAOTP: createRoute({
    method: 'delete', path: '/users/{user_id}/mfa-otp', operationId: 'DeleteUserMFAOTP', tags: ['Users'], summary: 'Delete a MFA OTP.',
    request: { params: UserParams, body: jsonBody(DeleteUserMFAOTPBody) }, responses: noContent,
  }),
  GetUserConnections: createRoute({
    method: 'get', path: '/users/{user_id}/connections', operationId: 'GetUserConnections', summary: "List a user's connections",
    request: { params: UserParams }, responses: ok(GetUserConnectionsResponse),
  }),
  InitiateUserConnection: createRoute({
    method: 'post', path: '/users/{user_id}/initiate-connection', operationId: 'InitiateUserConnection', summary: 'Initiate a connection',
    request: { params: UserParams, body: jsonBody(InitiateUserConnectionBody) }, responses: ok(InitiateUserConnectionResponse),
  }),
  JoinUserConnection: createRoute({
    method: 'post', path: '/users/{user_id}/join-connection', operationId: 'JoinUserConnection', summary: 'Join a connection',
    request: { params: UserParams, body: jsonBody(JoinUserConnectionBody) }, responses: noContent,
  }),
  RemoveUserConnection: createRoute({
    method: 'post', path: '/users/{user_id}/remove-connection', operationId: 'RemoveUserConnection', summary: 'Remove a connection',
    request: { params: UserParams, body: jsonBody(RemoveUserConnectionBody) }, responses: noContent,
  }),
  ListJWTs: createRoute({
    method: 'get', path: '/jwts', operationId: 'ListJWTs', tags: ['JWTs'], summary: 'List JWTs',
    request: { query: ListJWTsQuery }, responses: ok(ListJWTsResponse),
  }),
  GetJWT: createRoute({
    method: 'get', path: '/jwts/{jti}', operationId: 'GetJWT', tags: ['JWTs'], summary: 'Get a JWT',
    request: { params: JWTParams }, responses: ok(JWT),
  }),
  DeleteJWT: createRoute({
    method: 'delete', path: '/jwts/{jti}', operationId: 'DeleteJWT', tags: ['JWTs'], summary: 'Delete a JWT',
    request: { params: JWTParams }, responses: noContent,
  }),
}

const tags = ['SAML']

export const samlRoutes = {
  GetOrganizationSaml: createRoute({
    method: 'get', path: '/organizations/{organization_id}/saml', operationId: 'GetOrganizationSaml', tags,
    summary: 'Get SAML Identity Provider configuration of an Organization',
    request: { params: OrganizationParams }, responses: ok(Saml),
  }),
  EnableOrganizationSaml: createRoute({
    method: 'post', path: '/organizations/{organization_id}/saml', operationId: 'EnableOrganizationSaml', tags,
    summary: 'Enable SAML Identity Provider for an Organization',
    request: { params: OrganizationParams, body: jsonBody(EnableOrganizationSamlBody) }, responses: ok(Saml),
  }),
  UpdateSaml: createRoute({
    method: 'patch', path: '/saml/{saml_id}', operationId: 'UpdateSaml', tags, summary: 'Update SAML Identity Provider configuration',
    request: { params: SamlParams, body: jsonBody(UpdateSamlBody) }, responses: ok(Saml),
  }),
  DeleteSaml: createRoute({
    method: 'delete', path: '/saml/{saml_id}', operationId: 'DeleteSaml', tags, summary: 'Disable SAML Identity Provider for an Organization',
    request: { params: SamlParams }, responses: noContent,
  }),
  ListSamlCertificates: createRoute({
    method: 'get', path: '/saml/{saml_id}/certificates', operationId: 'ListSamlCertificates', tags, summary: 'List SAML certificates',
    request: { params: SamlParams }, responses: ok(ListSamlCertificatesResponse),
  }),
  AddSamlCertificate: createRoute({
    method: 'post', path: '/saml/{saml_id}/certificates', operationId: 'AddSamlCertificate', tags, summary: 'Add a SAML certificate',
    request: { params: SamlParams, body: jsonBody(AddSamlCertificateBody) }, responses: ok(SamlCertificate),
  }),
  GetSamlCertificate: createRoute({
    method: 'get', path: '/saml-certificates/{certificate_id}', operationId: 'GetSamlCertificate', tags, summary: 'Get a SAML certificate',
    request: { params: SamlCertificateParams }, responses: ok(SamlCertificate),
  }),
  DeleteSamlCertificate: createRoute({
    method: 'delete', path: '/saml-certificates/{certificate_id}', operationId: 'DeleteSamlCertificate', tags, summary: 'Delete a SAML certificate',
    request: { params: SamlCertificateParams }, responses: noContent,
  }),
}
