// New SCP access-key material: a 32-hex access key and a UUID secret (the document's formats), the secret sealed
// by the organization's keyring for storage. The clear secret is shown once and never stored or logged.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Keyring } from '../store/keyring.js'

export interface ScpAccessKeyMaterial {
  accessKey: string
  secretKey: string
  sealedSecret: string
}

export async function newScpAccessKeyMaterial(keyring: Pick<Keyring, 'encrypt'>, organizationId: string): Promise<ScpAccessKeyMaterial> {
  const secretKey = randomUUID()
  return { accessKey: randomBytes(16).toString('hex'), secretKey, sealedSecret: await keyring.encrypt(organizationId, secretKey) }
}
