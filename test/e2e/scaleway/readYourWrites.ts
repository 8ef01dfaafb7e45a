// An official SDK client that reads its own writes: it keeps the X-Consistency-Token of every response and sends
// the tokens it holds on its list requests, as a client that wants read-your-writes lists does (DESIGN §5); reads
// by id are always current and need none. The SDK itself knows nothing of tokens; this rides on its interceptors,
// so requests are exactly what the SDK sends.
import { createClient } from '@scaleway/sdk-client'
import { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { mergeTokens } from '../../../domain/core/consistency.js'

export interface ReadYourWrites {
  iam: Iamv1alpha1.API
  /** The merged token of every write so far (undefined before the first). */
  token(): string | undefined
  /** Adds a token obtained elsewhere (a raw request, another client). */
  remember(token: string | null | undefined): void
}

export function readYourWrites(baseUrl: string, credentials: { accessKey: string; secretKey: string; organizationId: string }): ReadYourWrites {
  let held: string | undefined
  const remember = (token: string | null | undefined) => {
    if (token) held = held ? mergeTokens(held, token) : token
  }
  const client = createClient({
    apiURL: baseUrl,
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    defaultOrganizationId: credentials.organizationId,
    defaultProjectId: credentials.organizationId,
    interceptors: [
      {
        request: ({ request }) => {
          if (!held || !isList(request)) return request
          const sent = request.clone()
          sent.headers.set('X-Consistency-Token', held)
          return sent
        },
        response: ({ response }) => {
          remember(response.headers.get('x-consistency-token'))
          return response
        },
      },
    ],
  })
  return { iam: new Iamv1alpha1.API(client), token: () => held, remember }
}

/** A list: GET of a collection (`/iam/v1alpha1/<resources>`). */
function isList(request: Readonly<Request>): boolean {
  return request.method === 'GET' && new URL(request.url).pathname.split('/').filter(Boolean).length === 3
}
