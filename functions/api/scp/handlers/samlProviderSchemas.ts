// Wire schemas of SCP SAML providers (spec §2.33, §2.34, §2.62–§2.66). Create and update are multipart forms: text
// fields, the metadata `file`, and `tags` as a list of {key, value} in JSON or in the Python-repr form of the
// documentation's example (`[{'key': 'company', 'value': 'SDS'}]`).
import { z } from '@hono/zod-openapi'
import { pageQueryShape } from '../paging.js'

const TAG_LIST = z.array(z.object({ key: z.string(), value: z.string() })).max(1000)
const Text = (max: number) => z.string().max(max)

/** A file part; an empty text part (a form sent without a file) counts as none. */
const FormFile = z
  .union([z.custom<File>((value) => value instanceof File, { message: 'must be a file' }), z.literal('')])
  .optional()
  .transform((value) => (value === '' ? undefined : value))
  .openapi({ type: 'string', format: 'binary' })

const FormTags = Text(100_000)
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined
    const tags = TAG_LIST.safeParse(parseListLiteral(value))
    if (tags.success) return tags.data
    ctx.addIssue({ code: 'custom', message: 'must be a list of {key, value} strings, in JSON or as [{\'key\': …, \'value\': …}]' })
    return z.NEVER
  })
  .openapi({ type: 'string', example: "[{'key': 'company', 'value': 'SDS'}]" })

export const SamlProviderCreateForm = z.object({
  saml_provider_name: Text(256),
  federation_type: Text(64),
  description: Text(10_000).optional(),
  file: FormFile,
  tags: FormTags,
})

export const SamlProviderUpdateForm = z.object({
  saml_provider_name: Text(256).optional(),
  description: Text(10_000).optional(),
  file: FormFile,
  tags: FormTags,
})

export const ListSamlProviderRemoveRequest = z.object({ ids: z.array(z.string().max(64)).max(100).nullable().optional() })

export const SAML_PROVIDER_SORT_FIELDS = ['created_at', 'modified_at', 'saml_provider_name'] as const

export const SamlProviderListQuery = z.object({
  ...pageQueryShape(SAML_PROVIDER_SORT_FIELDS),
  federation_type: z.string().optional(),
  saml_provider_name: z.string().optional(),
})

const common = {
  account_id: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  creator_name: z.string().nullable(),
  description: z.string().nullable(),
  federation_type: z.string().nullable(),
  id: z.string(),
  modified_at: z.string(),
  modified_by: z.string(),
  modifier_name: z.string().nullable(),
  saml_provider_name: z.string().nullable(),
}
const metadata = {
  acs_url: z.string().nullable(),
  idp_cert_end: z.string().nullable(),
  idp_file_name: z.string().nullable(),
  idp_file_size: z.number().int().nullable(),
  idp_issuer_url: z.string().nullable(),
  idp_sso_url: z.string().nullable(),
}

export const SamlProviderResponse = z.object(common)
export const SamlProviderCreateResponse = z.object({ ...common, ...metadata })
export const SamlProviderDetailResponse = z.object({ ...common, ...metadata, idp_file_data: z.string().nullable() })
export const ListSamlProviderResponse = z.object({
  count: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  sort: z.array(z.string()).nullable(),
  saml_providers: z.array(SamlProviderResponse),
})

/** JSON, or a Python literal of lists, dicts and quoted strings (either quote, backslash escapes): undefined if neither. */
export function parseListLiteral(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // not JSON: try the Python repr below
  }
  let json = ''
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!
    if (char !== "'" && char !== '"') {
      if (!/[\s[\]{}:,]/.test(char)) return undefined
      json += char
      continue
    }
    let value = ''
    for (index++; index < text.length && text[index] !== char; index++) {
      if (text[index] === '\\') {
        const escaped = text[++index]
        value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : (escaped ?? '')
      } else value += text[index]
    }
    if (index >= text.length) return undefined
    json += JSON.stringify(value)
  }
  try {
    return JSON.parse(json)
  } catch {
    return undefined
  }
}
