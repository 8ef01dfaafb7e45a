export * from './events.js'
export * from './keys.js'
