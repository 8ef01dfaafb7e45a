// A separate process for the keyring test: `tsx test/support/keyringProbe.ts encrypt|decrypt <org> <text|sealed>`,
// configured like the server and the CLI (DYNAMODB_ENDPOINT, IAM_TABLE_PREFIX, IAM_KEY_FILE); prints the result.
import { dynamoFromEnvironment } from '../../functions/store/dynamo.js'
import { keyringFromEnvironment } from '../../functions/store/keyring.js'

const [mode, organizationId, value] = process.argv.slice(2)
if ((mode !== 'encrypt' && mode !== 'decrypt') || !organizationId || !value) {
  process.stderr.write('usage: keyringProbe encrypt|decrypt <organizationId> <text|sealed>\n')
  process.exit(2)
}
const dynamo = dynamoFromEnvironment()
const keyring = keyringFromEnvironment(dynamo)
const out = mode === 'encrypt' ? await keyring.encrypt(organizationId, value) : await keyring.decryptText(organizationId, value)
process.stdout.write(out)
dynamo.client.destroy()
