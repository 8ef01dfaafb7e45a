// What every surface's handler registry shares: handler groups keyed by operation id, merged once at start.

/** Merges handler groups; an operation given twice is a wiring bug and fails at start. */
export function mergeHandlerGroups<H extends object>(surface: string, groups: readonly H[]): H {
  const merged: Record<string, unknown> = {}
  for (const group of groups) {
    for (const [operationId, handler] of Object.entries(group)) {
      if (operationId in merged) throw new Error(`two handlers for ${surface} operation ${operationId}`)
      merged[operationId] = handler
    }
  }
  return merged as H
}
