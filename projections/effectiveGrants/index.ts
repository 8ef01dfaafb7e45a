// The effective-grants projection's public face: the projection, its item layout, the facts the check reads,
// compiled policy versions and the size bound the command side enforces.
export { effectiveGrants } from './projection.js'
export { EFFECTIVE_GRANTS, grantsKey, compiledPolicyKey, FACTS } from './keys.js'
export { grantsOf, type EffectiveGrants, type Facts, type FactEntry, type PolicyRef } from './facts.js'
export { decodeCompiledPolicy, type CompiledPolicy } from './compiled.js'
export { GRANT_SOURCES } from './sources.js'
export { estimateGrantsItemBytes, grantsItemFits, grantsPolicyLimit, GRANTS_ITEM_MAX_BYTES, type GrantsItemCounts } from './size.js'
