// Reading projections: the read-store port that queries and surfaces use. The DynamoDB adapter lives in
// functions/projector/readStore.ts; reads go to the projection's current version and are consistent, so after
// `waitFor` they show everything the token covers.
import type { Model, ModelKey } from './contract.js'

export interface ModelEntry<M extends Model = Model> {
  key: ModelKey
  model: M
}

export interface PartitionQuery {
  /** Only sort keys starting with this. */
  sortPrefix?: string
  /** Sort-key range, inclusive (ignored with `sortPrefix`). */
  sortFrom?: string
  sortTo?: string
  /** Descending sort order. */
  descending?: boolean
}

export interface ReadStore {
  /** The version readers see now (the pointer, cached briefly). */
  version(projection: string): Promise<number>
  get<M extends Model = Model>(projection: string, key: ModelKey): Promise<M | undefined>
  /** Every item of one partition (all pages), in sort order. */
  query<M extends Model = Model>(projection: string, scope: string, partition: string, options?: PartitionQuery): Promise<Array<ModelEntry<M>>>
}
