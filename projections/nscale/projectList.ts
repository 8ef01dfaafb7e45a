// The nscale projects of an organization, one item per live project in one partition, sorted by id (the upstream
// order of GET …/projects; the handler filters it by the caller's grants).
import type { ProjectEvent } from '../../domain/nscale/project/events.js'
import { evolveProject, liveProject, NSCALE_PROJECT, type Project } from '../../domain/nscale/project/evolve.js'
import { streamItemList } from '../streamItemList.js'

export const NSCALE_PROJECT_LIST = 'nscaleProjectList'
export const NSCALE_PROJECT_PARTITION = 'nscale-projects'

export type ProjectListItem = Project & Record<string, unknown>

export const nscaleProjectList = streamItemList<ProjectListItem>({
  name: NSCALE_PROJECT_LIST,
  aggregateType: NSCALE_PROJECT,
  partition: NSCALE_PROJECT_PARTITION,
  next: (current, event) => (liveProject(evolveProject({ project: current, deleted: false }, event as unknown as ProjectEvent)) as ProjectListItem | undefined) ?? null,
})
