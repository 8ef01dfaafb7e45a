import { createRoute } from '@hono/zod-openapi'
import {
  AddGroupMembersBody, CreateGroupBody, Group, GroupMemberBody, GroupParams, ListGroupsQuery, ListGroupsResponse, SetGroupMembersBody,
  UpdateGroupBody,
} from '../schemas/groups.js'
import { jsonBody, noContent, ok } from './define.js'

const tags = ['Groups']

export const groupRoutes = {
  ListGroups: createRoute({
    method: 'get', path: '/groups', operationId: 'ListGroups', tags, summary: 'List groups',
    request: { query: ListGroupsQuery }, responses: ok(ListGroupsResponse),
  }),
  CreateGroup: createRoute({
    method: 'post', path: '/groups', operationId: 'CreateGroup', tags, summary: 'Create a group',
    request: { body: jsonBody(CreateGroupBody) }, responses: ok(Group),
  }),
  GetGroup: createRoute({
    method: 'get', path: '/groups/{group_id}', operationId: 'GetGroup', tags, summary: 'Get a group',
    request: { params: GroupParams }, responses: ok(Group),
  }),
  UpdateGroup: createRoute({
    method: 'patch', path: '/groups/{group_id}', operationId: 'UpdateGroup', tags, summary: 'Update a group',
    request: { params: GroupParams, body: jsonBody(UpdateGroupBody) }, responses: ok(Group),
  }),
  DeleteGroup: createRoute({
    method: 'delete', path: '/groups/{group_id}', operationId: 'DeleteGroup', tags, summary: 'Delete a group',
    request: { params: GroupParams }, responses: noContent,
  }),
  AddGroupMember: createRoute({
    method: 'post', path: '/groups/{group_id}/add-member', operationId: 'AddGroupMember', tags,
    summary: 'Add a user or an application to a group',
    request: { params: GroupParams, body: jsonBody(GroupMemberBody) }, responses: ok(Group),
  }),
  AddGroupMembers: createRoute({
    method: 'post', path: '/groups/{group_id}/add-members', operationId: 'AddGroupMembers', tags,
    summary: 'Add multiple users and applications to a group',
    request: { params: GroupParams, body: jsonBody(AddGroupMembersBody) }, responses: ok(Group),
  }),
  SetGroupMembers: createRoute({
    method: 'put', path: '/groups/{group_id}/members', operationId: 'SetGroupMembers', tags,
    summary: 'Overwrite users and applications of a group',
    request: { params: GroupParams, body: jsonBody(SetGroupMembersBody) }, responses: ok(Group),
  }),
  RemoveGroupMember: createRoute({
    method: 'post', path: '/groups/{group_id}/remove-member', operationId: 'RemoveGroupMember', tags,
    summary: 'Remove a user or an application from a group',
    request: { params: GroupParams, body: jsonBody(GroupMemberBody) }, responses: ok(Group),
  }),
}
