// Decisions on an SCP SAML provider (spec §1.13, open points §6.48): `federation_type` is `SAML` only and fixed at
// creation; the name is unique in the account (reserved by the plan); the metadata file is optional, and when given
// it must be valid IdP metadata (domain/core/saml/metadata.ts) whose signing certificates are valid at the time of
// the request. Its issuer, SSO location and certificate expiry are kept with it.
import { alreadyExists, invalidArgument, isDomainError, notFound, type DomainError } from '../../core/errors.js'
import { parseSamlMetadata } from '../../core/saml/metadata.js'
import { checkDescription, checkName, checkTags, firstError, type Tag } from '../group/fields.js'
import { FEDERATION_TYPES, SamlProviderCreated, SamlProviderDeleted, SamlProviderUpdated, type SamlProviderEvent, type SamlProviderMetadata } from './events.js'
import { liveSamlProvider, type SamlProviderState } from './evolve.js'

export const SAML_PROVIDER_NAME_MAX = 64
const FILE_NAME_MAX = 255

/** An uploaded metadata file. */
export interface MetadataUpload {
  fileName: string
  content: string
}

interface Target {
  organizationId: string
  id: string
  at: string
  by: string
}

export type SamlProviderCommand =
  | (Target & { type: 'CreateSamlProvider'; name: string; description: string | null; federationType: string; file?: MetadataUpload; tags: Tag[] })
  | (Target & { type: 'UpdateSamlProvider'; name?: string; description?: string | null; file?: MetadataUpload; tags?: Tag[] })
  | (Target & { type: 'DeleteSamlProvider' })

export function decideSamlProvider(state: SamlProviderState, command: SamlProviderCommand): SamlProviderEvent[] | DomainError {
  const { at, by } = command
  if (command.type === 'CreateSamlProvider') {
    if (state.provider) return alreadyExists('saml_provider', command.id)
    const invalid = firstError(
      checkName('saml_provider_name', command.name, 1, SAML_PROVIDER_NAME_MAX),
      checkFederationType(command.federationType),
      checkDescription('description', command.description),
      checkTags('tags', command.tags),
    )
    if (invalid) return invalid
    const metadata = command.file ? metadataOf(command.file, at) : null
    if (isDomainError(metadata)) return metadata
    const { id, organizationId, name, description, tags } = command
    return [SamlProviderCreated({ id, organizationId, name, description, federationType: 'SAML', metadata, tags, at, by })]
  }
  const provider = liveSamlProvider(state)
  if (!provider) return notFound('saml_provider', command.id)
  if (command.type === 'DeleteSamlProvider') return [SamlProviderDeleted({ at, by })]
  const invalid = firstError(
    command.name === undefined ? undefined : checkName('saml_provider_name', command.name, 1, SAML_PROVIDER_NAME_MAX),
    command.description === undefined ? undefined : checkDescription('description', command.description),
    command.tags === undefined ? undefined : checkTags('tags', command.tags),
  )
  if (invalid) return invalid
  const metadata = command.file ? metadataOf(command.file, at) : undefined
  if (isDomainError(metadata)) return metadata
  const changes = {
    ...(command.name !== undefined && command.name !== provider.name && { name: command.name }),
    ...(command.description !== undefined && command.description !== provider.description && { description: command.description }),
    ...(metadata !== undefined && metadata.data !== provider.metadata?.data && { metadata }),
    ...(command.tags !== undefined && JSON.stringify(command.tags) !== JSON.stringify(provider.tags) && { tags: command.tags }),
  }
  return Object.keys(changes).length === 0 ? [] : [SamlProviderUpdated({ ...changes, at, by })]
}

function checkFederationType(value: string): DomainError | undefined {
  return (FEDERATION_TYPES as readonly string[]).includes(value) ? undefined : invalidArgument('federation_type', `federation_type must be one of ${FEDERATION_TYPES.join(', ')}`)
}

function metadataOf(file: MetadataUpload, at: string): SamlProviderMetadata | DomainError {
  if (file.fileName.length > FILE_NAME_MAX) return invalidArgument('file', `the file name must be at most ${FILE_NAME_MAX} characters`)
  const parsed = parseSamlMetadata('file', file.content, new Date(at))
  if (isDomainError(parsed)) return parsed
  return {
    fileName: file.fileName,
    fileSize: Buffer.byteLength(file.content, 'utf8'),
    data: file.content,
    issuerUrl: parsed.entityId,
    ssoUrl: parsed.ssoUrl,
    certificatesValidUntil: parsed.certificatesValidUntil,
  }
}
