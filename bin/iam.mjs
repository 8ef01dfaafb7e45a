#!/usr/bin/env node
// `iam …` (npx iam): the admin CLI. Registers tsx's loader in this process and runs functions/cli/main.ts,
// so the CLI is the same TypeScript the server runs, with no build step.
import { register } from 'tsx/esm/api'

register()
await import(new URL('../functions/cli/main.ts', import.meta.url).href)
