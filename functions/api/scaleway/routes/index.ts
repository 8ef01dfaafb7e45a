// Every Scaleway IAM v1alpha1 operation, keyed by operationId. Paths are relative to `/iam/v1alpha1`.
import { apiKeyRoutes } from './apiKeys.js'
import { applicationRoutes } from './applications.js'
import { groupRoutes } from './groups.js'
import { logRoutes, organizationRoutes, permissionRoutes, quotaRoutes, sshKeyRoutes } from './organization.js'
import { samlRoutes, sessionRoutes } from './peripheral.js'
import { policyRoutes } from './policies.js'
import { userRoutes } from './users.js'

export const BASE_PATH = '/iam/v1alpha1'

export const ROUTES = {
  ...apiKeyRoutes,
  ...applicationRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...policyRoutes,
  ...permissionRoutes,
  ...quotaRoutes,
  ...logRoutes,
  ...sshKeyRoutes,
  ...organizationRoutes,
  ...sessionRoutes,
  ...samlRoutes,
}

export type Routes = typeof ROUTES
export type OperationId = keyof Routes

export const OPERATION_IDS = Object.keys(ROUTES) as OperationId[]
