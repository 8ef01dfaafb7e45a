import { createRoute } from '@hono/zod-openapi'
import {
  Application, ApplicationParams, CreateApplicationBody, ListApplicationsQuery, ListApplicationsResponse, UpdateApplicationBody,
} from '../schemas/applications.js'
import { jsonBody, noContent, ok } from './define.js'

const tags = ['Applications']

export const applicationRoutes = {
  ListApplications: createRoute({
    method: 'get', path: '/applications', operationId: 'ListApplications', tags, summary: 'List applications of an Organization',
    request: { query: ListApplicationsQuery }, responses: ok(ListApplicationsResponse),
  }),
  CreateApplication: createRoute({
    method: 'post', path: '/applications', operationId: 'CreateApplication', tags, summary: 'Create a new application',
    request: { body: jsonBody(CreateApplicationBody) }, responses: ok(Application),
  }),
  GetApplication: createRoute({
    method: 'get', path: '/applications/{application_id}', operationId: 'GetApplication', tags, summary: 'Get a given application',
    request: { params: ApplicationParams }, responses: ok(Application),
  }),
  UpdateApplication: createRoute({
    method: 'patch', path: '/applications/{application_id}', operationId: 'UpdateApplication', tags, summary: 'Update an application',
    request: { params: ApplicationParams, body: jsonBody(UpdateApplicationBody) }, responses: ok(Application),
  }),
  DeleteApplication: createRoute({
    method: 'delete', path: '/applications/{application_id}', operationId: 'DeleteApplication', tags, summary: 'Delete an application',
    request: { params: ApplicationParams }, responses: noContent,
  }),
}
