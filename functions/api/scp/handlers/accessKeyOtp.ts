// One-time passcodes for temporary access keys (AK-7, spec §6.3 #33; our decisions): 6 digits, valid 5 minutes,
// stored only as a SHA-256 keyed by the principal (`<org>#scp_otp#<principal>`, TTL), at most 5 wrong tries, at
// most 5 sends per principal per 15 minutes, delivered by e-mail through the notification port (locally the
// outbox, `iam outbox`). A passcode is spent in the transaction that creates the key: a `used` marker put once.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { invalidArgument, type DomainError } from '../../../../domain/core/errors.js'
import type { Extra, StateKey } from '../../../../domain/core/ports.js'
import type { Dynamo } from '../../../store/dynamo.js'
import { TTL_ATTRIBUTE } from '../../../store/tables.js'

export const OTP_TTL_SECONDS = 300
export const OTP_MAX_ATTEMPTS = 5
export const OTP_MAX_SENDS = 5
export const OTP_SEND_WINDOW_SECONDS = 900

export function otpKey(organizationId: string, principalId: string): StateKey {
  return { pk: `${organizationId}#scp_otp#${principalId}`, sk: 'otp' }
}

function otpHash(principalId: string, code: string): string {
  return createHash('sha256').update(`${principalId}:${code}`, 'utf8').digest('hex')
}

/** Counts a send; false when the principal already had its sends in this window. */
export async function allowSend(dynamo: Dynamo, organizationId: string, principalId: string, now: Date): Promise<boolean> {
  const start = Math.floor(now.getTime() / 1000 / OTP_SEND_WINDOW_SECONDS) * OTP_SEND_WINDOW_SECONDS
  const out = await dynamo.doc.send(
    new UpdateCommand({
      TableName: dynamo.tables.state,
      Key: { pk: `${organizationId}#scp_otp_sends#${principalId}`, sk: `window#${start}` },
      UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
      ExpressionAttributeNames: { '#n': 'n', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':ttl': start + 2 * OTP_SEND_WINDOW_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  )
  return Number(out.Attributes?.n ?? 0) <= OTP_MAX_SENDS
}

/** A new passcode replaces any previous one; the clear code goes only to the notification. */
export async function issuePasscode(dynamo: Dynamo, organizationId: string, principalId: string, now: Date): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const expiresAt = new Date(now.getTime() + OTP_TTL_SECONDS * 1000)
  await dynamo.doc.send(
    new PutCommand({
      TableName: dynamo.tables.state,
      Item: { ...otpKey(organizationId, principalId), hash: otpHash(principalId, code), expiresAt: expiresAt.toISOString(), attempts: 0, [TTL_ATTRIBUTE]: Math.ceil(expiresAt.getTime() / 1000) },
    }),
  )
  return code
}

/**
 * Checks a passcode. On success answers the extras that spend it with the creation (delete it, and a `used`
 * marker put once so that two concurrent creations cannot both spend it); a wrong one counts an attempt.
 */
export async function verifyPasscode(dynamo: Dynamo, organizationId: string, principalId: string, code: string, now: Date): Promise<Extra[] | DomainError> {
  const key = otpKey(organizationId, principalId)
  const refused = invalidArgument('passcode', 'the passcode is wrong, used or expired: send a new one with POST /v1/access-keys/send-otp', 'format')
  const { Item: item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...key }, ConsistentRead: true }))
  if (!item || Date.parse(String(item.expiresAt)) <= now.getTime() || Number(item.attempts ?? 0) >= OTP_MAX_ATTEMPTS) return refused
  const expected = Buffer.from(String(item.hash), 'hex')
  const given = Buffer.from(otpHash(principalId, code), 'hex')
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    const out = await dynamo.doc.send(
      new UpdateCommand({ TableName: dynamo.tables.state, Key: { ...key }, UpdateExpression: 'ADD attempts :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }),
    )
    if (Number(out.Attributes?.attempts ?? 0) >= OTP_MAX_ATTEMPTS) await dynamo.doc.send(new DeleteCommand({ TableName: dynamo.tables.state, Key: { ...key } }))
    return refused
  }
  return [
    { kind: 'delete', key },
    { kind: 'put', key: { pk: `${organizationId}#scp_otp_used#${String(item.hash)}`, sk: String(item.expiresAt) }, attributes: {}, ifNotExists: true, ttlSeconds: OTP_TTL_SECONDS * 2, onConditionFailed: refused },
  ]
}
