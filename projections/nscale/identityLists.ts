// The list projections of the nscale identity resources (groups, projects, users), registered together in
// projections/index.ts.
import type { Projection } from '../contract.js'
import { nscaleGroupList } from './groupList.js'
import { nscaleProjectList } from './projectList.js'
import { nscaleUserList } from './userList.js'

export const nscaleIdentityLists: readonly Projection[] = [nscaleGroupList, nscaleProjectList, nscaleUserList]
