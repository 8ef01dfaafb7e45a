// Service accounts (SA-1, SA-2) and endpoints (EP-1): read-only, from the catalogue file (../catalogue.json).
import { notFound } from '../../../../domain/core/errors.js'
import { defineHandlers, operation } from '../operation.js'
import { contains } from '../paging.js'
import { ListEndpointsResponse, ListServiceAccountsQuery, ServiceAccountListResponse, ServiceAccountShowResponse } from '../schemas/catalogue.js'

export const catalogueHandlers = defineHandlers(
  operation('GetServiceAccount', {
    summary: 'Get service account',
    response: ServiceAccountShowResponse,
    handler: async ({ params, services }) => {
      const account = services.catalogue.service_accounts.find((candidate) => candidate.id === params.service_account_id)
      if (!account) return notFound('service account', params.service_account_id!)
      return { body: { service_account: { id: account.id, name: account.name, password: null, service: account.service } } }
    },
  }),
  operation('ListServiceAccounts', {
    summary: 'List service accounts',
    query: ListServiceAccountsQuery,
    response: ServiceAccountListResponse,
    handler: async ({ query, services }) => ({
      body: {
        service_accounts: services.catalogue.service_accounts
          .filter((account) => contains(account.name, query.name) && contains(account.service, query.service))
          .map(({ id, name, service }) => ({ id, name, service })),
      },
    }),
  }),
  operation('ListEndpoints', {
    summary: 'Get endpoint list',
    response: ListEndpointsResponse,
    handler: async ({ services }) => ({ body: { endpoints: services.catalogue.endpoints.map((endpoint) => ({ ...endpoint })) } }),
  }),
)
