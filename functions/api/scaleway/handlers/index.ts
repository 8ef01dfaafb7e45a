// Every implemented Scaleway operation. Each resource adds its handler group here (its own file beside this
// one, built with `operation()`); an operation absent from this map answers 501 not_implemented.
import { defineHandlers } from '../operation.js'

export const scalewayHandlers = defineHandlers()
