import { createRoute } from '@hono/zod-openapi'
import {
  CreateUserBody, ListUsersQuery, ListUsersResponse, LockUserBody, UnlockUserBody, UpdateUserBody, UpdateUserPasswordBody,
  UpdateUserUsernameBody, User, UserParams,
} from '../schemas/users.js'
import { jsonBody, noContent, ok } from './define.js'

const tags = ['Users']

export const userRoutes = {
  ListUsers: createRoute({
    method: 'get', path: '/users', operationId: 'ListUsers', tags, summary: 'List users of an Organization',
    request: { query: ListUsersQuery }, responses: ok(ListUsersResponse),
  }),
  CreateUser: createRoute({
    method: 'post', path: '/users', operationId: 'CreateUser', tags, summary: 'Create a new user',
    request: { body: jsonBody(CreateUserBody) }, responses: ok(User),
  }),
  GetUser: createRoute({
    method: 'get', path: '/users/{user_id}', operationId: 'GetUser', tags, summary: 'Get a given user',
    request: { params: UserParams }, responses: ok(User),
  }),
  UpdateUser: createRoute({
    method: 'patch', path: '/users/{user_id}', operationId: 'UpdateUser', tags, summary: 'Update a user',
    request: { params: UserParams, body: jsonBody(UpdateUserBody) }, responses: ok(User),
  }),
  DeleteUser: createRoute({
    method: 'delete', path: '/users/{user_id}', operationId: 'DeleteUser', tags, summary: 'Delete a guest user from an Organization',
    request: { params: UserParams }, responses: noContent,
  }),
  UpdateUserUsername: createRoute({
    method: 'post', path: '/users/{user_id}/update-username', operationId: 'UpdateUserUsername', tags, summary: "Update an user's username.",
    request: { params: UserParams, body: jsonBody(UpdateUserUsernameBody) }, responses: ok(User),
  }),
  UpdateUserPassword: createRoute({
    method: 'post', path: '/users/{user_id}/update-password', operationId: 'UpdateUserPassword', tags, summary: "Update an user's password.",
    request: { params: UserParams, body: jsonBody(UpdateUserPasswordBody) }, responses: ok(User),
  }),
  LockUser: createRoute({
    method: 'post', path: '/users/{user_id}/lock', operationId: 'LockUser', tags, summary: 'Lock a member',
    request: { params: UserParams, body: jsonBody(LockUserBody) }, responses: ok(User),
  }),
  UnlockUser: createRoute({
    method: 'post', path: '/users/{user_id}/unlock', operationId: 'UnlockUser', tags, summary: 'Unlock a member',
    request: { params: UserParams, body: jsonBody(UnlockUserBody) }, responses: ok(User),
  }),
}
