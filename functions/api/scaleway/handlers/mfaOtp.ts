// MFA OTP (spec §1.15, issue 9): CreateUserMFAOTP makes a pending TOTP seed (sealed in a state item, shown once),
// ValidateUserMFAOTP turns MFA on with a code from it and answers recovery codes (kept hashed), DeleteUserMFAOTP
// turns it off. Decisions (spec §5.9 #55): Create while MFA is on is 412 `mfa_already_enabled` (delete it first);
// Validate without a pending seed is 412 `mfa_otp_not_created`; a wrong code is 400 on `one_time_password`;
// Delete when there is nothing to delete is 404 `mfa_otp`. Only the user itself, or a holder of `mfa_otp`
// permissions, may call them (sessions/selfService.ts).
import { invalidArgument, isDomainError, notFound, preconditionFailed, type DomainError } from '../../../../domain/core/errors.js'
import type { Extra } from '../../../../domain/core/ports.js'
import { liveUser, userDecider, userStream, UserMfaDisabled, UserMfaEnabled, UserMfaOtpCreated, writes } from '../../../../domain/scaleway/index.js'
import type { UserEvent } from '../../../../domain/scaleway/user/events.js'
import { defineHandlers, operation, type OperationRequest } from '../operation.js'
import type { OperationId } from '../routes/index.js'
import { codeStep, newRecoveryCodes, newSeed, otpItemKey, readOtpItem, type OtpItem } from '../sessions/otp.js'
import { respond, respondEmpty, runWrite, type WriteOutcome } from './command.js'

type Change<R> = (user: NonNullable<ReturnType<typeof liveUser>>, otp: OtpItem | undefined) => { events: UserEvent[]; extras: Extra[]; result: R } | DomainError

/** One change of the user's MFA: its stream and its OTP item, read and written together. */
function changeMfa<R>(request: OperationRequest<OperationId>, userId: string, change: Change<R>, status = 200): Promise<WriteOutcome<R>> {
  const { organizationId } = request
  const stream = userStream(organizationId, userId)
  return runWrite(request, {
    serializeOn: [stream],
    resourceIdOf: () => userId,
    status,
    plan: async (ctx) => {
      const { state } = await ctx.load(userDecider, stream)
      const user = liveUser(state)
      if (!user) return notFound('user', userId)
      const otp = (await ctx.readState(otpItemKey(organizationId, userId))) as OtpItem | undefined
      const changed = change(user, otp)
      if (isDomainError(changed)) return changed
      return { writes: writes(stream, changed.events, changed.extras), result: changed.result }
    },
  })
}

const replayed = (): DomainError => preconditionFailed('secret_shown_once', 'the one-time secret of this request was already answered; create a new one')

export const mfaOtpHandlers = defineHandlers(
  operation('CreateUserMFAOTP', async (request) => {
    const { organizationId, now, deps } = request
    const userId = request.input.params.user_id
    const seed = await newSeed(deps.services.keyring, organizationId, userId)
    const outcome = await changeMfa(request, userId, (user) => {
      if (user.mfa) return preconditionFailed('mfa_already_enabled', 'this user already has MFA; delete it before creating another')
      const item: Extra = { kind: 'put', key: otpItemKey(organizationId, userId), attributes: { sealedSeed: seed.sealedSeed, status: 'pending', createdAt: now.toISOString() } }
      return { events: [UserMfaOtpCreated({ at: now.toISOString() })], extras: [item], result: { secret: seed.secret, provisioning_uri: seed.provisioningUri } }
    })
    return respond(outcome, (body) => body, async () => replayed())
  }),

  operation('ValidateUserMFAOTP', async (request) => {
    const { organizationId, now, deps } = request
    const userId = request.input.params.user_id
    const code = request.input.body.one_time_password
    const recovery = newRecoveryCodes()
    // The code is checked against the stored seed before the write; the write is conditioned on that seed.
    const current = await readOtpItem(deps.services.dynamo, organizationId, userId)
    const step = current?.status === 'pending' ? await codeStep(deps.services.keyring, organizationId, current, code, now) : undefined
    const outcome = await changeMfa(request, userId, (user, otp) => {
      if (user.mfa || otp?.status === 'active') return preconditionFailed('mfa_already_enabled', 'this user already has MFA')
      if (!otp) return preconditionFailed('mfa_otp_not_created', 'create an MFA OTP (CreateUserMFAOTP) before validating it')
      if (otp.sealedSeed !== current?.sealedSeed || step === undefined) return invalidArgument('one_time_password', 'the one-time password is wrong or has expired')
      const item: Extra = {
        kind: 'put', key: otpItemKey(organizationId, userId),
        attributes: { sealedSeed: otp.sealedSeed, status: 'active', lastStep: step, recoveryCodes: recovery.hashes, enabledAt: now.toISOString() },
      }
      return { events: [UserMfaEnabled({ at: now.toISOString() })], extras: [item], result: { recovery_codes: recovery.codes } }
    })
    return respond(outcome, (body) => body, async () => replayed())
  }),

  operation('DeleteUserMFAOTP', async (request) => {
    const { organizationId, now } = request
    const userId = request.input.params.user_id
    const outcome = await changeMfa(request, userId, (user, otp) => {
      if (!user.mfa && !otp) return notFound('mfa_otp', userId)
      return { events: [UserMfaDisabled({ at: now.toISOString() })], extras: [{ kind: 'delete', key: otpItemKey(organizationId, userId) }], result: undefined }
    }, 204)
    return respondEmpty(outcome)
  }),
)
