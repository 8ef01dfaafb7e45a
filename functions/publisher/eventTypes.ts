// Registers every event type of the domain, so that the publisher hands subscribers the current schema of each
// event (upcast when read) rather than the version it was stored under. eventTypes.test.ts fails when a domain
// `events.ts` module is missing here.
import '../../domain/core/credential/events.js'
import '../../domain/core/organization/events.js'
import '../../domain/core/principal/events.js'
import '../../domain/scaleway/application/events.js'
import '../../domain/scaleway/group/events.js'
import '../../domain/scaleway/policy/events.js'
import '../../domain/scaleway/sshKey/events.js'
import '../../domain/scaleway/user/events.js'
