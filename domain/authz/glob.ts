// Glob patterns as IAM uses them: `*` matches any run of characters (including none, including `/` and `:`),
// `?` exactly one character, everything else literally. Compiled once into the cheapest test that works.

export type Matcher = (value: string) => boolean

const always: Matcher = () => true
const never: Matcher = () => false

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?')
}

/** One pattern, case-sensitive (callers lower-case both sides when matching is case-insensitive). */
export function compileGlob(pattern: string): Matcher {
  return compileGlobs([pattern])
}

/** True when any of the patterns matches: literals by set lookup, `prefix*` by startsWith, the rest by one regex. */
export function compileGlobs(patterns: readonly string[]): Matcher {
  if (patterns.length === 0) return never
  const literals = new Set<string>()
  const prefixes: string[] = []
  const complex: string[] = []
  for (const pattern of patterns) {
    if (pattern === '*') return always
    if (!hasWildcard(pattern)) literals.add(pattern)
    else if (isPrefixPattern(pattern)) prefixes.push(pattern.slice(0, -1))
    else complex.push(globSource(pattern))
  }
  const regex = complex.length > 0 ? new RegExp(`^(?:${complex.join('|')})$`, 's') : undefined
  if (prefixes.length === 0 && !regex) {
    if (literals.size === 1) {
      const [only] = literals
      return (value) => value === only
    }
    return (value) => literals.has(value)
  }
  return (value) => {
    if (literals.has(value)) return true
    for (const prefix of prefixes) if (value.startsWith(prefix)) return true
    return regex !== undefined && regex.test(value)
  }
}

function isPrefixPattern(pattern: string): boolean {
  const star = pattern.indexOf('*')
  return star === pattern.length - 1 && !pattern.includes('?')
}

function globSource(pattern: string): string {
  let source = ''
  for (const char of pattern) {
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')
  }
  return source
}
