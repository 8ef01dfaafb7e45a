// MFA OTP (issue 9, spec §5.9 #55): TOTP per RFC 6238 (SHA-1, 6 digits, 30 s) through `otpauth`. The seed is
// sealed by the keyring in a state item of the principal (never in an event); a code is accepted once (the item
// keeps the last time step used, updated conditionally); recovery codes are kept as SHA-256 hashes, each usable once.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { randomBytes } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import type { StateKey } from '../../../../domain/core/ports.js'
import type { Dynamo } from '../../../store/dynamo.js'
import { sha256Hex } from '../../../store/secrets.js'
import type { ScalewayServices } from '../deps.js'

const PERIOD_SECONDS = 30
const RECOVERY_CODES = 10

export interface OtpItem {
  sealedSeed: string
  status: 'pending' | 'active'
  /** The last TOTP time step accepted: a code is not accepted twice. */
  lastStep?: number
  recoveryCodes?: Set<string>
}

export function otpItemKey(organizationId: string, userId: string): StateKey {
  return { pk: `${organizationId}#principal#${userId}`, sk: 'mfa-otp' }
}

function totp(seedBase32: string, label = 'user'): TOTP {
  return new TOTP({ issuer: 'Scaleway IAM', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(seedBase32) })
}

/** A new seed: its base32 form (shown once), the provisioning URI for authenticator apps, and the sealed form to store. */
export async function newSeed(keyring: ScalewayServices['keyring'], organizationId: string, label: string) {
  const secret = new Secret({ size: 20 })
  return { secret: secret.base32, provisioningUri: totp(secret.base32, label).toString(), sealedSeed: await keyring.encrypt(organizationId, secret.base32) }
}

/** The time step a code belongs to, when it is right for `now` (one step of drift either way), else undefined. */
export async function codeStep(keyring: ScalewayServices['keyring'], organizationId: string, item: OtpItem, code: string, now: Date): Promise<number | undefined> {
  if (!/^[0-9]{6}$/.test(code)) return undefined
  const seed = await keyring.decryptText(organizationId, item.sealedSeed)
  const delta = totp(seed).validate({ token: code, timestamp: now.getTime(), window: 1 })
  return delta === null ? undefined : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta
}

/** Ten recovery codes (`xxxxx-xxxxx`, base32-like) and their hashes. */
export function newRecoveryCodes(): { codes: string[]; hashes: Set<string> } {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const text = randomBytes(8).toString('hex').slice(0, 10)
    return `${text.slice(0, 5)}-${text.slice(5)}`
  })
  return { codes, hashes: new Set(codes.map((code) => sha256Hex(code))) }
}

export async function readOtpItem(dynamo: Dynamo, organizationId: string, userId: string): Promise<OtpItem | undefined> {
  const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...otpItemKey(organizationId, userId) }, ConsistentRead: true }))
  return Item as OtpItem | undefined
}

/**
 * Accepts a sign-in code once: a TOTP code whose step is newer than the last one used, or an unused recovery code.
 * Both are conditional writes, so two sign-ins racing with one code cannot both pass.
 */
export async function consumeCode(
  deps: { dynamo: Dynamo; keyring: ScalewayServices['keyring'] },
  organizationId: string,
  userId: string,
  item: OtpItem,
  code: string,
  now: Date,
): Promise<boolean> {
  const step = await codeStep(deps.keyring, organizationId, item, code, now)
  const Key = { ...otpItemKey(organizationId, userId) }
  try {
    if (step !== undefined) {
      await deps.dynamo.doc.send(new UpdateCommand({
        TableName: deps.dynamo.tables.state, Key,
        UpdateExpression: 'SET lastStep = :step',
        ConditionExpression: '#status = :active AND (attribute_not_exists(lastStep) OR lastStep < :step)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':step': step, ':active': 'active' },
      }))
      return true
    }
    const hash = sha256Hex(code.trim().toLowerCase())
    if (!item.recoveryCodes?.has(hash)) return false
    await deps.dynamo.doc.send(new UpdateCommand({
      TableName: deps.dynamo.tables.state, Key,
      UpdateExpression: 'DELETE recoveryCodes :code',
      ConditionExpression: 'contains(recoveryCodes, :hash)',
      ExpressionAttributeValues: { ':code': new Set([hash]), ':hash': hash },
    }))
    return true
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false
    throw error
  }
}
