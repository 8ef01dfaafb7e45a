// Where the projector keeps things.
//   read table:  model item  pk `<scope>#<projection>@<version>#<partition>`, sk = sort
//                watermark   pk `<streamId>#wm`, sk `<projection>@<version>`  (streamId starts with the org id)
//   state table: pointer     pk `~system`, sk `projection#<name>`  (attr `version`; missing = 1)
//                checkpoint  pk `~system`, sk `checkpoint#<streamArn>#<shardId>`
import type { ModelKey } from '../../projections/contract.js'

export interface ItemKey {
  pk: string
  sk: string
}

export const SYSTEM_PK = '~system'

/** Attributes the runtime adds to every model item; a model may not use these names. */
export const RESERVED_ATTRIBUTES = ['pk', 'sk', '_rev'] as const

export function versionTag(projection: string, version: number): string {
  return `${projection}@${version}`
}

export function modelItemKey(projection: string, version: number, key: ModelKey): ItemKey {
  return { pk: `${key.scope}#${versionTag(projection, version)}#${key.partition}`, sk: key.sort }
}

/** Inverse of `modelItemKey`; scopes and projection names never contain `#`. */
export function modelKeyOf(item: ItemKey): ModelKey {
  const [scope = '', , ...partition] = item.pk.split('#')
  return { scope, partition: partition.join('#'), sort: item.sk }
}

/** True when `pk` is a model item of this projection version. */
export function belongsTo(pk: string, projection: string, version: number): boolean {
  return pk.split('#')[1] === versionTag(projection, version)
}

export function watermarkKey(projection: string, version: number, streamId: string): ItemKey {
  return { pk: `${streamId}#wm`, sk: versionTag(projection, version) }
}

export function pointerKey(projection: string): ItemKey {
  return { pk: SYSTEM_PK, sk: `projection#${projection}` }
}

/** `consumer` names another reader of the stream (the local webhook subscriber), with checkpoints of its own. */
export function checkpointKey(streamArn: string, shardId: string, consumer?: string): ItemKey {
  return { pk: SYSTEM_PK, sk: `checkpoint${consumer ? `@${consumer}` : ''}#${streamArn}#${shardId}` }
}
