// Where the OIDC provider keeps what must be single-use or revocable (spec §5.9), in the state table under the
// global `~oidcsession` scope: one session item per (person, client), single-use authorization codes and upstream
// login states, all keyed or matched by SHA-256 hashes (never the codes or tokens themselves), all with a TTL.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { GLOBAL_SCOPES, globalPk } from '../../domain/core/globalItems.js'
import type { StateKey } from '../../domain/core/ports.js'
import type { CodeRecord, SessionRecord } from '../../domain/oidc/session.js'
import { subjectActivityKey } from '../../domain/nscale/user/items.js'
import type { Dynamo } from '../store/dynamo.js'
import { isLive } from '../store/stateStore.js'
import { TTL_ATTRIBUTE } from '../store/tables.js'
import { sha256Hex } from '../store/secrets.js'

export function sessionRef(clientId: string, subject: string): string {
  return sha256Hex(`${clientId}\n${subject.toLowerCase()}`).slice(0, 40)
}

const key = (kind: string, id: string, sk: string): StateKey => ({ pk: globalPk(GLOBAL_SCOPES.oidcSession, `${kind}#${id}`), sk })
export const sessionKey = (ref: string) => key('session', ref, 'session')
export const codeKey = (codeHash: string) => key('code', codeHash, 'code')
export const loginStateKey = (stateHash: string) => key('login', stateHash, 'login')
export const onboardStateKey = (stateHash: string) => key('onboard', stateHash, 'onboard')

/** What the callback needs of a login it started: the client's request and the upstream checks. */
export interface LoginStateRecord {
  clientQuery: string
  provider: string
  codeVerifier: string
  nonce: string
  /** Seconds since the epoch. */
  expiresAt: number
}

/** A person the upstream signed in whom no organization knows, offered onboarding (spec §5.5, §5.6). */
export interface OnboardStateRecord {
  clientQuery: string
  provider: string
  email: string
  /** From the upstream ID token, for the onboarding webhook. */
  username?: string
  forename?: string
  surname?: string
  /** Seconds since the epoch. */
  expiresAt: number
}

export interface OidcSessions {
  putCode(codeHash: string, code: CodeRecord): Promise<void>
  /** The person's last authentication (a code exchanged or a session refreshed): `userStatus.lastActive`. */
  recordActivity(subject: string, at: Date): Promise<void>
  readCode(codeHash: string, now: Date): Promise<CodeRecord | undefined>
  /** Marks the code used and installs the session (replacing any previous one) in one transaction; false if the code was used meanwhile. */
  exchangeCode(codeHash: string, session: SessionRecord): Promise<boolean>
  readSession(ref: string, now: Date): Promise<SessionRecord | undefined>
  /** Replaces the session when its refresh token is still `expectedRefreshHash`; false when another refresh won. */
  rotateSession(session: SessionRecord, expectedRefreshHash: string): Promise<boolean>
  /** Deletes the session; with `issuedFrom`, only when it was issued from that code. */
  revokeSession(ref: string, issuedFrom?: string): Promise<void>
  putLoginState(stateHash: string, record: LoginStateRecord): Promise<void>
  /** Reads and deletes a login state in one request: a replayed state finds nothing. */
  takeLoginState(stateHash: string, now: Date): Promise<LoginStateRecord | undefined>
  putOnboardState(stateHash: string, record: OnboardStateRecord): Promise<void>
  /** Reads and deletes an onboarding state in one request: it serves one onboarding. */
  takeOnboardState(stateHash: string, now: Date): Promise<OnboardStateRecord | undefined>
}

export function oidcSessions(dynamo: Dynamo): OidcSessions {
  const TableName = dynamo.tables.state
  const strip = <T>(item: Record<string, unknown>): T => {
    const { pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _ttl, ...rest } = item
    return rest as T
  }
  const get = async (Key: StateKey, now: Date) => {
    const { Item } = await dynamo.doc.send(new GetCommand({ TableName, Key: { ...Key }, ConsistentRead: true }))
    return Item && isLive(Item, now) ? Item : undefined
  }
  const sessionItem = (session: SessionRecord) => ({ ...sessionKey(session.ref), ...session, [TTL_ATTRIBUTE]: session.expiresAt })

  return {
    async recordActivity(subject, at) {
      await dynamo.doc.send(new PutCommand({ TableName, Item: { ...subjectActivityKey(subject), lastAuthentication: at.toISOString().replace(/\.\d+Z$/, 'Z') } }))
    },
    async putCode(codeHash, code) {
      // Kept past its expiry, so that a late reuse is still recognized and revokes the session.
      await dynamo.doc.send(new PutCommand({ TableName, Item: { ...codeKey(codeHash), ...code, [TTL_ATTRIBUTE]: code.expiresAt + 600 } }))
    },
    async readCode(codeHash, now) {
      const item = await get(codeKey(codeHash), now)
      return item ? strip<CodeRecord>(item) : undefined
    },
    async exchangeCode(codeHash, session) {
      try {
        await dynamo.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName,
                  Key: { ...codeKey(codeHash) },
                  UpdateExpression: 'SET #used = :true',
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#used)',
                  ExpressionAttributeNames: { '#used': 'used' },
                  ExpressionAttributeValues: { ':true': true },
                },
              },
              { Put: { TableName, Item: sessionItem(session) } },
            ],
          }),
        )
        return true
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false
        throw error
      }
    },
    async readSession(ref, now) {
      const item = await get(sessionKey(ref), now)
      return item ? strip<SessionRecord>(item) : undefined
    },
    async rotateSession(session, expectedRefreshHash) {
      try {
        await dynamo.doc.send(
          new PutCommand({
            TableName,
            Item: sessionItem(session),
            ConditionExpression: 'refreshHash = :expected',
            ExpressionAttributeValues: { ':expected': expectedRefreshHash },
          }),
        )
        return true
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false
        throw error
      }
    },
    async revokeSession(ref, issuedFrom) {
      try {
        await dynamo.doc.send(
          new DeleteCommand({
            TableName,
            Key: { ...sessionKey(ref) },
            ...(issuedFrom !== undefined ? { ConditionExpression: 'codeHash = :code', ExpressionAttributeValues: { ':code': issuedFrom } } : {}),
          }),
        )
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error
      }
    },
    async putLoginState(stateHash, record) {
      await dynamo.doc.send(new PutCommand({ TableName, Item: { ...loginStateKey(stateHash), ...record, [TTL_ATTRIBUTE]: record.expiresAt } }))
    },
    async takeLoginState(stateHash, now) {
      const { Attributes } = await dynamo.doc.send(new DeleteCommand({ TableName, Key: { ...loginStateKey(stateHash) }, ReturnValues: 'ALL_OLD' }))
      return Attributes && isLive(Attributes, now) ? strip<LoginStateRecord>(Attributes) : undefined
    },
    async putOnboardState(stateHash, record) {
      await dynamo.doc.send(new PutCommand({ TableName, Item: { ...onboardStateKey(stateHash), ...record, [TTL_ATTRIBUTE]: record.expiresAt } }))
    },
    async takeOnboardState(stateHash, now) {
      const { Attributes } = await dynamo.doc.send(new DeleteCommand({ TableName, Key: { ...onboardStateKey(stateHash) }, ReturnValues: 'ALL_OLD' }))
      return Attributes && isLive(Attributes, now) ? strip<OnboardStateRecord>(Attributes) : undefined
    },
  }
}
