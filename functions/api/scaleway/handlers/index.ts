// Every implemented Scaleway operation. Each resource adds its handler group here (its own file beside this
// one, built with `operation()`); an operation absent from this map answers 501 not_implemented.
import { defineHandlers } from '../operation.js'
import { apiKeyHandlers } from './apiKeys.js'
import { applicationHandlers } from './applications.js'
import { checkPermissionsHandlers } from './checkPermissions.js'
import { groupHandlers } from './groups.js'
import { permissionSetHandlers } from './permissionSets.js'
import { policyHandlers } from './policies.js'
import { ruleHandlers } from './rules.js'
import { logHandlers } from './logs.js'
import { organizationHandlers } from './organizations.js'
import { quotaHandlers } from './quotas.js'
import { securitySettingsHandlers } from './securitySettings.js'
import { sshKeyHandlers } from './sshKeys.js'
import { userHandlers } from './users.js'
import { samlHandlers } from './saml.js'
import { connectionHandlers } from './connections.js'
import { gracePeriodHandlers } from './gracePeriods.js'
import { jwtHandlers } from './jwts.js'
import { mfaOtpHandlers } from './mfaOtp.js'

export const scalewayHandlers = defineHandlers(sshKeyHandlers, organizationHandlers, securitySettingsHandlers, quotaHandlers, logHandlers, groupHandlers, policyHandlers, ruleHandlers, permissionSetHandlers, checkPermissionsHandlers, apiKeyHandlers, applicationHandlers, userHandlers, samlHandlers, connectionHandlers, jwtHandlers, mfaOtpHandlers, gracePeriodHandlers)
