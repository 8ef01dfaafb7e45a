// People (the "global user", spec §4.6, §9 #24) as the provider and the nscale surface use them: how sign-in sees a
// subject (its person item, else its memberships of live organizations, both read consistently); the registration
// of a new person `pending` in the transaction that adds their first membership while e-mail verification is on,
// with the signup e-mail sent after the commit; the activation by the signup link (§5.11).
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { isDomainError, notFound, type DomainError } from '../../domain/core/errors.js'
import type { Clock, IdGenerator } from '../../domain/core/ids.js'
import type { CommandContext, RequestMeta } from '../../domain/core/ports.js'
import { OIDC_PATHS } from '../../domain/oidc/discovery.js'
import { planActivatePerson, planConfirmPerson, planPersonOnMembership, personStanding, type PersonStanding, type PersonWrites } from '../../domain/oidc/person/decide.js'
import { personDecider, personKey, personStreamId, signupTokenKey, type SignupTokenItem } from '../../domain/oidc/person/evolve.js'
import { membershipIndex } from '../api/nscale/memberships.js'
import type { BearerIdentity } from '../auth/bearer.js'
import type { Config } from '../config.js'
import { createNotifier } from '../notify/index.js'
import type { CommandRunner } from '../store/commandRunner.js'
import type { Dynamo } from '../store/dynamo.js'
import { newSecretToken, sha256Hex } from '../store/secrets.js'
import { readStateItem } from '../store/stateStore.js'

const SUBJECT_MAX = 254

/** The subject's standing, read consistently: a membership created or a link followed counts at once. */
export async function readPersonStanding(dynamo: Dynamo, subject: string): Promise<PersonStanding> {
  if (subject.length === 0 || subject.length > SUBJECT_MAX) return 'unknown'
  const [{ Item }, member] = await Promise.all([
    dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...personKey(subject) }, ConsistentRead: true })),
    membershipIndex(dynamo).inLiveOrganization(subject),
  ])
  return personStanding(Item, member)
}

/** The link of a signup e-mail (spec §5.11); the token travels only in it. */
export function signupLink(publicUrl: string, token: string, clientId?: string): string {
  const link = new URL(`${publicUrl}${OIDC_PATHS.signup}`)
  link.searchParams.set('token', token)
  if (clientId) link.searchParams.set('clientID', clientId)
  return link.toString()
}

export interface MemberSignup {
  /** Inside the membership's command: the person's registration (or a new link) when verification is on. */
  plan(ctx: Pick<CommandContext, 'load'>, input: { subject: string; organizationId: string; now: Date; by: string }): Promise<PersonWrites>
  /** After the commit: e-mails the link of the last planned registration, if any. */
  send(): Promise<void>
}

/**
 * The signup of a person an organization adds (POST users). The link names the client of the creating person's
 * OIDC token, else IAM_NSCALE_SIGNUP_CLIENT_ID, else none. Planning may run again (a lost race): only the last
 * plan's token counts, and only the committed one is e-mailed.
 */
export function memberSignup(
  services: { config: Config; dynamo: Dynamo },
  ports: { clock: Clock; ids: IdGenerator },
  creator: BearerIdentity,
): MemberSignup {
  const settings = services.config.nscaleOidc
  let invite: { token: string; subject: string; organizationId: string } | undefined
  return {
    async plan(ctx, input) {
      invite = undefined
      if (!settings.emailVerification) return { appends: [], extras: [] }
      const { state } = await ctx.load(personDecider, personStreamId(input.subject))
      const standing = state.status === 'absent' ? await readPersonStanding(services.dynamo, input.subject) : state.status
      const token = newSecretToken(32)
      const { invite: invited, ...writes } = planPersonOnMembership(state, standing, { ...input, tokenHash: sha256Hex(token) })
      if (invited) invite = { token, subject: input.subject.trim().toLowerCase(), organizationId: input.organizationId }
      return writes
    },
    async send() {
      if (!invite) return
      const clientId = (creator.kind === 'user' ? creator.clientId : undefined) ?? settings.signupClientId
      const notifier = createNotifier({ dynamo: services.dynamo, ...ports }, { IAM_SES_FROM: services.config.sesFrom })
      const { token, subject, organizationId } = invite
      invite = undefined
      await notifier.send({
        organizationId,
        to: subject,
        template: 'nscale_signup',
        data: { organization_id: organizationId, email: subject, link: signupLink(services.config.publicUrl, token, clientId) },
      })
    },
  }
}

/** Follows a signup link: the token's person becomes active (the actor), the token is spent (single use, 24 h). */
export async function activatePerson(
  deps: { runner: CommandRunner; dynamo: Dynamo; clock: Clock },
  token: string,
  meta: Omit<RequestMeta, 'actor'>,
): Promise<{ subject: string } | DomainError> {
  const tokenHash = sha256Hex(token)
  const found = (await readStateItem(deps.dynamo, signupTokenKey(tokenHash), deps.clock.now())) as SignupTokenItem | undefined
  if (typeof found?.subject !== 'string') return notFound('signup_token', 'link')
  const outcome = await deps.runner.run<{ subject: string }>({
    serializeOn: [personStreamId(found.subject)],
    meta: { ...meta, actor: { kind: 'user', id: found.subject } },
    plan: async (ctx) => {
      const item = (await ctx.readState(signupTokenKey(tokenHash))) as SignupTokenItem | undefined
      if (typeof item?.subject !== 'string') return notFound('signup_token', 'link')
      const { state } = await ctx.load(personDecider, personStreamId(item.subject))
      const writes = planActivatePerson(state, item, { tokenHash, now: ctx.now, by: item.subject })
      return isDomainError(writes) ? writes : { ...writes, result: { subject: item.subject } }
    },
  })
  return outcome.ok ? (outcome.replayed ? { subject: '' } : outcome.result) : outcome.error
}

/** A pending person who just onboarded through their identity provider becomes active (planConfirmPerson). */
export async function confirmSignedInPerson(runner: CommandRunner, subject: string, meta: RequestMeta): Promise<true | DomainError> {
  const streamId = personStreamId(subject)
  const outcome = await runner.run<true>({
    serializeOn: [streamId],
    meta,
    plan: async (ctx) => {
      const { state } = await ctx.load(personDecider, streamId)
      return { ...planConfirmPerson(state, { now: ctx.now, by: meta.actor.id }), result: true }
    },
  })
  return outcome.ok ? true : outcome.error
}
