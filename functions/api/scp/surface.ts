// The SCP surface as the app serves it: the wire layer built with the real ports (signed requests verified
// against the access keys' sealed secrets, the authorization core's check for every operation).
import type { AppDeps } from '../deps.js'
import type { Surface } from '../surface.js'
import { sharedAuthFailureLimiter } from '../../auth/rateLimit.js'
import { createScpVerifier } from '../../auth/scpSignature.js'
import { createNotifier } from '../../notify/index.js'
import { scpApp, SCP_BASE_PATH } from './app.js'
import { scpCatalogue } from './catalogue.js'

export const scpSurface: Surface = {
  name: 'scp',
  prefixes: [SCP_BASE_PATH],
  routes: (deps: AppDeps) =>
    scpApp(
      {
        clock: deps.clock,
        ids: deps.ids,
        verifier: createScpVerifier({ dynamo: deps.dynamo, keyring: deps.keyring, publicUrl: deps.config.publicUrl, maxSkewMs: deps.config.scpMaxSkewMs }),
        checker: deps.checker,
        authFailures: sharedAuthFailureLimiter(deps.dynamo, deps.config.authFailLimit),
        services: {
          ids: deps.ids,
          dynamo: deps.dynamo,
          store: deps.store,
          commands: deps.runner,
          readStore: deps.readStore,
          projector: deps.projector,
          keyring: deps.keyring,
          notifier: createNotifier(deps),
          checker: deps.checker,
          catalogue: scpCatalogue,
          publicUrl: deps.config.publicUrl,
          srnEnv: deps.config.scpSrnEnv,
        },
        maxBodyBytes: deps.config.maxBodyBytes,
        enforceSunset: deps.config.scpEnforceSunset,
        logError: (message, details) => deps.logger.error(message, details),
      },
      { region: deps.config.scpRegion },
    ),
}
