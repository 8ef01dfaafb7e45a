// Model items as stored: the model's own attributes plus the key and an opaque revision that every
// conditional write of the projector checks, so two writers never overwrite each other's update.
import { randomBytes } from 'node:crypto'
import type { Model, ModelKey } from '../../projections/contract.js'
import { modelItemKey, RESERVED_ATTRIBUTES } from './keys.js'

export const REVISION = '_rev'

export function newRevision(): string {
  return randomBytes(8).toString('base64url')
}

export function itemFor(projection: string, version: number, key: ModelKey, model: Model, revision: string): Record<string, unknown> {
  for (const name of RESERVED_ATTRIBUTES) {
    if (name in model) throw new Error(`projection ${projection}: a model may not hold the attribute "${name}"`)
  }
  return { ...model, ...modelItemKey(projection, version, key), [REVISION]: revision }
}

export function modelOf(item: Record<string, unknown>): Model {
  const { pk: _pk, sk: _sk, [REVISION]: _rev, ...model } = item
  return model
}

export function revisionOf(item: Record<string, unknown> | undefined): string | undefined {
  const revision = item?.[REVISION]
  return typeof revision === 'string' ? revision : undefined
}
