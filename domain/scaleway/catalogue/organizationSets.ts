// Permission sets scoped to the Organization (IAM, Projects, billing, tickets, audit) and to the account root
// user. Names and descriptions follow Scaleway's published list; the triples are this product's vocabulary.
import { allow, definePermissionSet as set, everything, fullAccess, readOnly, type PermissionSet } from './permissionSet.js'

const IAM = ['IAM']

export const iamSets: PermissionSet[] = [
  set({
    name: 'IAMManager',
    scopeType: 'organization',
    categories: IAM,
    description:
      'Full access to IAM. This means access to all possible actions for users, groups, applications, policies and API keys and all ProjectManager permissions',
    permissions: [everything('iam'), ...fullAccess('account', 'projects')],
  }),
  set({
    name: 'IAMReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'Read access to IAM. This means list and read access to users, groups, applications, policies, and API keys',
    permissions: readOnly('iam'),
  }),
  set({
    name: 'IAMUserManager',
    scopeType: 'organization',
    categories: IAM,
    description: 'Full access to IAM users, their MFA and grace periods, including listing users API keys',
    permissions: [...fullAccess('iam', 'users', 'mfa_otp', 'grace_periods'), ...readOnly('iam', 'api_keys')],
  }),
  set({
    name: 'IAMUserReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'Read access to IAM users, including listing users API keys',
    permissions: readOnly('iam', 'users', 'grace_periods', 'api_keys'),
  }),
  set({
    name: 'IAMApplicationManager',
    scopeType: 'organization',
    categories: IAM,
    description: 'Full access to IAM applications, including management of applications API keys',
    permissions: fullAccess('iam', 'applications', 'api_keys'),
  }),
  set({
    name: 'IAMApplicationReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'Read access to IAM applications, including listing applications API keys',
    permissions: readOnly('iam', 'applications', 'api_keys'),
  }),
  set({
    name: 'IAMGroupManager',
    scopeType: 'organization',
    categories: IAM,
    description: 'Full access to IAM groups',
    permissions: fullAccess('iam', 'groups'),
  }),
  set({
    name: 'IAMGroupReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'Read access to IAM groups',
    permissions: readOnly('iam', 'groups'),
  }),
  set({
    name: 'IAMPolicyManager',
    scopeType: 'organization',
    categories: IAM,
    description: 'Full access to IAM policies and their rules, and read access to permission sets',
    permissions: [...fullAccess('iam', 'policies'), ...readOnly('iam', 'permission_sets')],
  }),
  set({
    name: 'IAMPolicyReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'Read access to IAM policies, their rules and permission sets',
    permissions: readOnly('iam', 'policies', 'permission_sets'),
  }),
  set({
    name: 'IAMAPIKeyManager',
    scopeType: 'organization',
    categories: IAM,
    description: 'Full access to the API keys of IAM users and applications',
    permissions: fullAccess('iam', 'api_keys'),
  }),
  set({
    name: 'IAMAPIKeyReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'List and read access to API keys. Secret keys are never readable',
    permissions: readOnly('iam', 'api_keys'),
  }),
  set({
    name: 'IAMLogReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'List and read access to IAM audit logs',
    permissions: readOnly('iam', 'logs'),
  }),
  set({
    name: 'IAMQuotaReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'List and read access to IAM quotas',
    permissions: readOnly('iam', 'quotas'),
  }),
  set({
    name: 'IAMSecurityManager',
    scopeType: 'organization',
    categories: IAM,
    description: 'Full access to the Organization security settings, login methods, SAML and sign-in sessions',
    permissions: fullAccess('iam', 'security_settings', 'saml', 'saml_certificates', 'jwts'),
  }),
  set({
    name: 'IAMSecurityReadOnly',
    scopeType: 'organization',
    categories: IAM,
    description: 'Read access to the Organization security settings, SAML and sign-in sessions',
    permissions: readOnly('iam', 'security_settings', 'saml', 'saml_certificates', 'jwts'),
  }),
  set({
    name: 'IAMAuthorizationCheck',
    scopeType: 'organization',
    categories: IAM,
    description: 'Ask the authorization API (check-permissions, /authz/v1/check and /authz/v1/explain) what a principal may do',
    permissions: allow('iam', 'authz', 'check'),
  }),
]

export const organizationSets: PermissionSet[] = [
  set({
    name: 'ProjectManager',
    scopeType: 'organization',
    categories: ['Organization'],
    description:
      'Full access to Project management. This means access to create, rename, list and delete projects. It does not include access to Project resources',
    permissions: fullAccess('account', 'projects'),
  }),
  set({
    name: 'ProjectReadOnly',
    scopeType: 'organization',
    categories: ['Organization'],
    description: 'Read access to Project management. Does not include access to Project resources',
    permissions: readOnly('account', 'projects'),
  }),
  set({
    name: 'OrganizationManager',
    scopeType: 'organization',
    categories: ['Organization'],
    description:
      'Full access to Organization management. This means access to all possible actions for Projects, IAM, billing and support/abuse tickets. Does not include access to list and create resources',
    permissions: [
      ...fullAccess('account', 'organizations', 'projects'),
      everything('iam'),
      everything('billing'),
      everything('support'),
      everything('abuse'),
    ],
  }),
  set({
    name: 'OrganizationReadOnly',
    scopeType: 'organization',
    categories: ['Organization'],
    description: "Read access to the Organization's general information (e.g. Organization ID and quotas)",
    permissions: [...readOnly('account', 'organizations'), ...readOnly('iam', 'organizations', 'quotas')],
  }),
  set({
    name: 'BillingManager',
    scopeType: 'organization',
    categories: ['Billing'],
    description:
      'Full access to billing management. This means access to list, read and edit billing contact information, payment information, billing alerts and invoices',
    permissions: [everything('billing')],
  }),
  set({
    name: 'BillingReadOnly',
    scopeType: 'organization',
    categories: ['Billing'],
    description: 'List and read access to billing information',
    permissions: readOnly('billing'),
  }),
  set({
    name: 'SupportTicketManager',
    scopeType: 'organization',
    categories: ['Support'],
    description: 'Full access to support tickets. This means access to create, read and update support tickets in the Organization',
    permissions: fullAccess('support', 'tickets'),
  }),
  set({
    name: 'SupportTicketReadOnly',
    scopeType: 'organization',
    categories: ['Support'],
    description: 'List and read access to support tickets',
    permissions: readOnly('support', 'tickets'),
  }),
  set({
    name: 'AbuseTicketManager',
    scopeType: 'organization',
    categories: ['Support'],
    description: 'Full access to abuse tickets. This means access to create, read and update abuse tickets in the Organization',
    permissions: fullAccess('abuse', 'tickets'),
  }),
  set({
    name: 'AuditTrailFullAccess',
    scopeType: 'organization',
    categories: ['Audit Trail'],
    description: 'Full access to Audit Trail events and exports',
    permissions: [everything('audit_trail')],
  }),
  set({
    name: 'AuditTrailReadOnly',
    scopeType: 'organization',
    categories: ['Audit Trail'],
    description: 'List and read access to Audit Trail events',
    permissions: readOnly('audit_trail', 'events'),
  }),
]

/** Sets whose scope is the account root user: the Organization owner's own account, never given in input. */
export const accountRootUserSets: PermissionSet[] = [
  set({
    name: 'AccountContactsManager',
    scopeType: 'account_root_user',
    categories: ['Account'],
    description: "Full access to the account's contacts (owner, billing and technical contacts)",
    permissions: fullAccess('account', 'contacts'),
  }),
  set({
    name: 'AccountContactsReadOnly',
    scopeType: 'account_root_user',
    categories: ['Account'],
    description: "List and read access to the account's contacts",
    permissions: readOnly('account', 'contacts'),
  }),
]
