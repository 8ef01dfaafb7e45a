// Limits of the policy language (spec §6.57 leaves them open). A document is carried whole in its events and
// compiled into an immutable item, so it is bounded well below DynamoDB's 400 KB item size.
export const POLICY_LIMITS = {
  /** Serialized JSON of a whole document, in UTF-8 bytes. */
  documentBytes: 20 * 1024,
  statements: 100,
  /** Entries in each of Action, NotAction, Resource, NotResource and the Principal list. */
  entriesPerField: 100,
  /** Length of one action, resource or principal entry. */
  entryLength: 1024,
  sidLength: 128,
} as const

/** Sids are path segments (`/statements/{sid}`): letters, digits and `_ - .` only. */
export const SID_PATTERN = /^[A-Za-z0-9_.-]+$/
/** `*`, or `service:Name` where both parts may hold `*` and `?`. */
export const ACTION_PATTERN = /^(\*|[A-Za-z0-9_\-*?]+:[A-Za-z0-9_\-*?]+)$/
