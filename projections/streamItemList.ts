// The list projection every surface's lists share: one item per aggregate of one type, in one partition of its
// organization with the aggregate's id as sort key, folded from that aggregate's own stream alone, so a list item
// and a GET of the aggregate never disagree. `next` answers the item after one event: null removes it, undefined
// leaves it as it is (an event that changes nothing listed, or a stream the list does not hold, such as another
// kind of credential).
import { parseStreamId, type StoredEvent } from '../domain/core/events.js'
import { modelKeyId, type Model, type ModelKey, type PureProjection } from './contract.js'

export interface StreamItemList<M extends Model> extends PureProjection<M> {
  /** Where the item of aggregate `id` of `organizationId` lives. */
  key(organizationId: string, id: string): ModelKey
}

export function streamItemList<M extends Model>(spec: {
  name: string
  aggregateType: string
  partition: string
  next(current: M | undefined, event: StoredEvent): M | null | undefined
}): StreamItemList<M> {
  const key = (organizationId: string, id: string): ModelKey => ({ scope: organizationId, partition: spec.partition, sort: id })
  const keyOf = (event: StoredEvent): ModelKey | undefined => {
    const { organizationId, aggregateType, aggregateId } = parseStreamId(event.streamId)
    return aggregateType === spec.aggregateType && organizationId && aggregateId ? key(organizationId, aggregateId) : undefined
  }
  return {
    kind: 'pure',
    name: spec.name,
    aggregateTypes: [spec.aggregateType],
    key,
    keys(event) {
      const found = keyOf(event)
      return found ? [found] : []
    },
    evolve(current, event) {
      const found = keyOf(event)
      if (!found) return new Map()
      const id = modelKeyId(found)
      const next = spec.next(current.get(id), event)
      return next === undefined ? new Map() : new Map([[id, next]])
    },
  }
}
