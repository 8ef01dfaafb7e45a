// The nscale projects of an organization, one item per live project in one partition, sorted by id (the upstream
// order of GET …/projects; the handler filters it by the caller's grants).
import { parseStreamId, type StoredEvent } from '../../domain/core/events.js'
import type { ProjectEvent } from '../../domain/nscale/project/events.js'
import { evolveProject, liveProject, NSCALE_PROJECT, type Project } from '../../domain/nscale/project/evolve.js'
import { modelKeyId, type ModelKey, type PureProjection } from '../contract.js'

export const NSCALE_PROJECT_LIST = 'nscaleProjectList'
export const NSCALE_PROJECT_PARTITION = 'nscale-projects'

export type ProjectListItem = Project & Record<string, unknown>

function keyOf(event: StoredEvent): ModelKey {
  const { organizationId, aggregateId } = parseStreamId(event.streamId)
  return { scope: organizationId, partition: NSCALE_PROJECT_PARTITION, sort: aggregateId }
}

export const nscaleProjectList: PureProjection<ProjectListItem> = {
  kind: 'pure',
  name: NSCALE_PROJECT_LIST,
  aggregateTypes: [NSCALE_PROJECT],
  keys: (event) => [keyOf(event)],
  evolve(current, event) {
    const id = modelKeyId(keyOf(event))
    const after = liveProject(evolveProject({ project: current.get(id), deleted: false }, event as ProjectEvent))
    return new Map([[id, after ? (after as ProjectListItem) : null]])
  },
}
