// A user's password item: shared with the other surfaces (functions/auth/passwords.ts).
export { passwordDeletion, passwordItemKey, passwordWrite } from '../../../auth/passwords.js'
