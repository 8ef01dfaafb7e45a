export * from './events.js'
export * from './evolve.js'
export * from './decide.js'
export * from './items.js'
