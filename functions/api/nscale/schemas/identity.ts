// Projects, groups, users, roles and the ACL (spec §4.2, §4.4 to §4.6, §4.8).
import { z } from '@hono/zod-openapi'
import {
  idList, organizationScopedResourceReadMetadata, resourceReadMetadata, resourceWriteMetadata, stringList,
} from './common.js'

export const projectSpec = z.object({ groupIDs: idList }).openapi('projectSpec')
export const projectWrite = z.object({ metadata: resourceWriteMetadata, spec: projectSpec }).openapi('projectWrite')
export const projectRead = z
  .object({ metadata: organizationScopedResourceReadMetadata, spec: z.object({ groupIDs: stringList }) })
  .openapi('projectRead')
export const projects = z.array(projectRead).openapi('projects')

export const groupSpec = z.object({ userIDs: idList, serviceAccountIDs: idList, roleIDs: idList }).openapi('groupSpec')
export const groupWrite = z.object({ metadata: resourceWriteMetadata, spec: groupSpec }).openapi('groupWrite')
export const groupRead = z
  .object({
    metadata: organizationScopedResourceReadMetadata,
    spec: z.object({ userIDs: stringList, serviceAccountIDs: stringList, roleIDs: stringList }),
  })
  .openapi('groupRead')
export const groups = z.array(groupRead).openapi('groups')

export const userState = z.enum(['active', 'pending', 'suspended']).openapi('userState')
/** Upstream enforces an e-mail address as the subject. */
export const subject = z.email().max(254)
export const userSpec = z.object({ subject, state: userState, groupIDs: idList }).openapi('userSpec')
export const userWrite = z.object({ metadata: resourceWriteMetadata.optional(), spec: userSpec }).openapi('userWrite')
export const userRead = z
  .object({
    metadata: organizationScopedResourceReadMetadata,
    spec: z.object({ subject: z.string(), state: userState, groupIDs: stringList }),
    status: z.object({ lastActive: z.string().openapi({ format: 'date-time' }).optional() }).openapi('userStatus'),
  })
  .openapi('userRead')
export const users = z.array(userRead).openapi('users')

export const roleRead = z.object({ metadata: resourceReadMetadata }).openapi('roleRead')
export const roles = z.array(roleRead).openapi('roles')

export const aclOperation = z.enum(['create', 'read', 'update', 'delete']).openapi('aclOperation')
export const aclEndpoint = z.object({ name: z.string(), operations: z.array(aclOperation) }).openapi('aclEndpoint')
export const aclScopedEndpoints = z.object({ id: z.string(), endpoints: z.array(aclEndpoint) }).openapi('aclScopedEndpoints')
export const acl = z
  .object({ global: z.array(aclEndpoint).optional(), organization: aclScopedEndpoints.optional(), projects: z.array(aclScopedEndpoints).optional() })
  .openapi('acl')

export type ProjectWrite = z.output<typeof projectWrite>
export type GroupWrite = z.output<typeof groupWrite>
export type UserWrite = z.output<typeof userWrite>
