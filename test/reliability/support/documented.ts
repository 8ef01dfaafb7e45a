// The `type` of each surface's documented authentication, authorization and not-found errors (each surface's own
// error shape: Scaleway's spec Appendix A.2, the authorization API's OpenAPI document).
export const DOCUMENTED: Record<string, Partial<Record<401 | 403 | 404 | 413 | 429, string>>> = {
  scaleway: { 401: 'denied_authentication', 403: 'permissions_denied', 404: 'not_found', 413: 'invalid_arguments', 429: 'too_many_requests' },
  authz: { 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found', 413: 'request_too_large', 429: 'too_many_requests' },
}
