// The state of an nscale project, folded from its events.
import type { Decider } from '../../core/decider.js'
import { streamId } from '../../core/events.js'
import { without } from '../group/evolve.js'
import type { ResourceHistory, ResourceMetadata } from '../resourceMetadata.js'
import type { ProjectEvent } from './events.js'

export const NSCALE_PROJECT = 'nscale-project'

export interface Project extends ResourceHistory {
  id: string
  organizationId: string
  metadata: ResourceMetadata
  groupIds: string[]
}

export interface ProjectState {
  project?: Project
  deleted: boolean
}

export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  switch (event.type) {
    case 'NscaleProjectCreated': {
      const { at, by, ...created } = event.data
      return { project: { ...created, createdAt: at, createdBy: by }, deleted: false }
    }
    case 'NscaleProjectUpdated':
      return patch(state, () => ({ metadata: event.data.metadata, groupIds: event.data.groupIds, modifiedAt: event.data.at, modifiedBy: event.data.by }))
    case 'NscaleProjectGroupsRemoved':
      return patch(state, (project) => ({ groupIds: without(project.groupIds, event.data.groupIds) }))
    case 'NscaleProjectDeleted':
      return { ...state, deleted: true }
  }
}

function patch(state: ProjectState, changes: (project: Project) => Partial<Project>): ProjectState {
  return state.project ? { ...state, project: { ...state.project, ...changes(state.project) } } : state
}

export const projectDecider: Decider<ProjectState, ProjectEvent> = {
  aggregateType: NSCALE_PROJECT,
  initialState: () => ({ deleted: false }),
  evolve: evolveProject,
}

export function projectStreamId(organizationId: string, projectId: string): string {
  return streamId(organizationId, NSCALE_PROJECT, projectId)
}

export function liveProject(state: ProjectState): Project | undefined {
  return state.deleted ? undefined : state.project
}
