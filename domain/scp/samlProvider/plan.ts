// Plans of the SAML provider commands: the provider's own stream and its name reservation in the account.
import { alreadyExists, isDomainError, type DomainError } from '../../core/errors.js'
import type { Extra, StateKey } from '../../core/ports.js'
import { writes, type PlannedWrites } from '../../scaleway/plan.js'
import { decideSamlProvider, type SamlProviderCommand } from './decide.js'
import { liveSamlProvider, samlProviderStream, type SamlProviderState } from './evolve.js'

/** SAML provider names are unique in an account (case-sensitive). */
export function samlProviderNameReservation(organizationId: string, name: string): StateKey {
  return { pk: `${organizationId}#scp-saml-provider-name`, sk: name }
}

function reserveName(organizationId: string, id: string, name: string): Extra {
  return { kind: 'reserve', key: samlProviderNameReservation(organizationId, name), owner: id, onTaken: alreadyExists('saml_provider', name, 'a SAML provider with this name already exists') }
}

function releaseName(organizationId: string, id: string, name: string): Extra {
  return { kind: 'release', key: samlProviderNameReservation(organizationId, name), owner: id }
}

export function planSamlProvider(state: SamlProviderState, command: SamlProviderCommand): PlannedWrites | DomainError {
  const events = decideSamlProvider(state, command)
  if (isDomainError(events)) return events
  const { organizationId, id } = command
  const before = liveSamlProvider(state)?.name
  const extras: Extra[] = []
  for (const event of events) {
    if (event.type === 'ScpSamlProviderCreated') extras.push(reserveName(organizationId, id, event.data.name))
    if (event.type === 'ScpSamlProviderUpdated' && event.data.name !== undefined && before !== undefined) {
      extras.push(releaseName(organizationId, id, before), reserveName(organizationId, id, event.data.name))
    }
    if (event.type === 'ScpSamlProviderDeleted' && before !== undefined) extras.push(releaseName(organizationId, id, before))
  }
  return writes(samlProviderStream(organizationId, id), events, extras)
}
