// Which API function serves which paths of the one HTTP API: each surface at its native prefixes. The authz
// function also takes the default route (health probe, unmatched paths answer its 404).
import type { LambdaName } from './entries.js'

export interface ApiFunctionRoutes {
  description: string
  /** HTTP API route paths (`ANY`), `{proxy+}` for everything below a prefix. */
  paths: readonly string[]
  /** Takes the `$default` route. */
  fallback?: true
}

export const API_ROUTES: Partial<Record<LambdaName, ApiFunctionRoutes>> = {
  'api-scaleway': { description: 'Scaleway IAM v1alpha1 surface', paths: ['/iam/v1alpha1/{proxy+}'] },
  'api-scp': { description: 'Samsung SDS Cloud (SCP) IAM surface', paths: ['/v1/{proxy+}'] },
  'api-nscale': {
    description: 'nscale Identity surface and its OpenID Connect provider',
    paths: ['/api/v1/{proxy+}', '/oauth2/{proxy+}', '/oidc/{proxy+}', '/.well-known/openid-configuration'],
  },
  'api-authz': { description: 'authorization API and health probe', paths: ['/authz/{proxy+}', '/healthz'], fallback: true },
}
