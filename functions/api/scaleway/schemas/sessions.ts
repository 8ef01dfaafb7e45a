// Grace periods, MFA OTP, user connections and JWTs (spec §1.14–§1.17): the sign-in side of users.
import { z } from '@hono/zod-openapi'
import { atLeastOne, atMostOne, bodyObject, count, emptyBody, id, idOut, orderBy, page, pageSize, pathId, queryBoolean, timestampOut } from './common.js'
import { USER_TYPES } from './users.js'

export const GRACE_PERIOD_TYPES = ['unknown_grace_period_type', 'update_password', 'set_mfa'] as const

export const GracePeriod = z
  .object({ type: z.enum(GRACE_PERIOD_TYPES), created_at: timestampOut.nullable(), expires_at: timestampOut.nullable() })
  .openapi('scaleway.iam.v1alpha1.GracePeriod')

export const ListGracePeriodsResponse = z
  .object({ grace_periods: z.array(GracePeriod) })
  .openapi('scaleway.iam.v1alpha1.ListGracePeriodsResponse')

export const ListGracePeriodsQuery = z.object({ user_id: id.optional() })

/** `provisioning_uri` (an `otpauth://` URI for authenticator apps) is ours; SDKs ignore it. */
export const MFAOTP = z.object({ secret: z.string(), provisioning_uri: z.string() }).openapi('scaleway.iam.v1alpha1.MFAOTP')

export const ValidateUserMFAOTPBody = bodyObject({
  one_time_password: z.string().regex(/^[0-9]{6}$/, { message: 'must be 6 digits' }),
})

export const ValidateUserMFAOTPResponse = z
  .object({ recovery_codes: z.array(z.string()) })
  .openapi('scaleway.iam.v1alpha1.ValidateUserMFAOTPResponse')

export const CreateUserMFAOTPBody = emptyBody
export const DeleteUserMFAOTPBody = emptyBody

export const Connection = z
  .object({
    organization: z.object({ id: idOut, name: z.string(), locked: z.boolean() }).nullable(),
    user: z.object({ id: idOut, username: z.string(), type: z.enum(USER_TYPES) }).nullable(),
  })
  .openapi('scaleway.iam.v1alpha1.Connection')

export const GetUserConnectionsResponse = z
  .object({ connections: z.array(Connection) })
  .openapi('scaleway.iam.v1alpha1.GetUserConnectionsResponse')

export const InitiateUserConnectionBody = emptyBody

export const InitiateUserConnectionResponse = z
  .object({ token: z.string() })
  .openapi('scaleway.iam.v1alpha1.InitiateUserConnectionResponse')

export const JoinUserConnectionBody = bodyObject({ token: z.string().min(1).max(1024) })

export const RemoveUserConnectionBody = bodyObject({ target_user_id: id })

export const JWT = z
  .object({
    jti: idOut,
    issuer_id: idOut,
    audience_id: idOut,
    created_at: timestampOut.nullable(),
    updated_at: timestampOut.nullable(),
    expires_at: timestampOut.nullable(),
    ip: z.string(),
    user_agent: z.string(),
  })
  .openapi('scaleway.iam.v1alpha1.JWT')

export const ListJWTsResponse = z
  .object({ jwts: z.array(JWT), total_count: count })
  .openapi('scaleway.iam.v1alpha1.ListJWTsResponse')

export const JWT_ORDER = ['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc'] as const

export const ListJWTsQuery = z.object({
  order_by: orderBy(JWT_ORDER, 'created_at_asc'),
  audience_id: id.optional(),
  page_size: pageSize,
  page,
  expired: queryBoolean.optional(),
})

export const JWTParams = z.object({ jti: pathId('jwt') })

// ------------------------------------------------------------------ sign-in extension (issue 9; not in the seed)

/** 001's EncodedJWT, plus `refresh_token` (the same value as `renew_token`, for OAuth2-minded clients). */
export const EncodedJWT = z
  .object({ token: z.string(), renew_token: z.string(), refresh_token: z.string(), jwt: JWT.nullable() })
  .openapi('scaleway.iam.v1alpha1.EncodedJWT')

/** 001's `create_jwt(user_id, referrer)`: POST /iam/v1alpha1/jwts (later SDKs, spec Appendix A.10). */
export const CreateJWTBody = bodyObject({ user_id: id, referrer: z.string().max(1024).default('') })

const secretText = (max: number) => z.string().min(1).max(max)

export const LoginBody = bodyObject({
  organization_id: id,
  email: z.string().min(1).max(254).optional(),
  username: z.string().min(1).max(150).optional(),
  password: secretText(1024),
  /** The six-digit TOTP code, or a recovery code, when the user has MFA. */
  mfa_code: secretText(64).optional(),
})
  .superRefine(atMostOne('identifier', ['email', 'username']))
  .superRefine(atLeastOne(['email', 'username']))

export const RefreshBody = bodyObject({ renew_token: secretText(512).optional(), refresh_token: secretText(512).optional() })
  .superRefine(atMostOne('token', ['renew_token', 'refresh_token']))
  .superRefine(atLeastOne(['renew_token', 'refresh_token']))
