// Checks, when the server or the CLI opens the tables, that its master key is the one the tables' secrets are
// wrapped with: a `~system`/`keyring-canary` item holds a random value wrapped by the first process that
// opened them; every later process must unwrap it. A wrong IAM_KEY_FILE then fails at start with a clear
// message, not later on the first SCP signature or TOTP code.
import { randomBytes } from 'node:crypto'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { StateKey } from '../../domain/core/ports.js'
import type { Dynamo } from '../store/dynamo.js'
import type { KeyWrapper } from '../store/keyring.js'

export const KEYRING_CANARY: StateKey = { pk: '~system', sk: 'keyring-canary' }
const CANARY_CONTEXT = '~system'

export class MasterKeyMismatch extends Error {
  constructor(wrapper: KeyWrapper, cause: unknown) {
    super(
      wrapper.name === 'local'
        ? 'IAM_KEY_FILE is not the master key these tables were first opened with; use the same file as the server (by default .iam/master.key where it was started)'
        : `the ${wrapper.name} key cannot unwrap the secrets of these tables`,
      { cause },
    )
    this.name = 'MasterKeyMismatch'
  }
}

/** 'created' when this process wrapped the canary, 'verified' when it unwrapped another's; throws on a wrong key. */
export async function checkMasterKey(dynamo: Dynamo, wrapper: KeyWrapper): Promise<'created' | 'verified'> {
  const read = async () =>
    (await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.state, Key: { ...KEYRING_CANARY }, ConsistentRead: true }))).Item as
      | { wrapped: string }
      | undefined
  const existing = await read()
  if (existing) return verify(wrapper, existing.wrapped)
  const wrapped = await wrapper.wrap(CANARY_CONTEXT, randomBytes(32))
  try {
    await dynamo.doc.send(
      new PutCommand({
        TableName: dynamo.tables.state,
        Item: { ...KEYRING_CANARY, wrapped, wrapper: wrapper.name, createdAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return 'created'
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
    const winner = await read() // another process wrapped it first
    if (!winner) throw error
    return verify(wrapper, winner.wrapped)
  }
}

async function verify(wrapper: KeyWrapper, wrapped: string): Promise<'verified'> {
  try {
    await wrapper.unwrap(CANARY_CONTEXT, wrapped)
  } catch (error) {
    throw new MasterKeyMismatch(wrapper, error)
  }
  return 'verified'
}
