import { ref } from 'vue'
import { can, type Permission } from '../../db/rules/roles.ts'
import { createSessionStore } from '../../ui/session.ts'
import { api } from './api.ts'

/** The logged-in staff member (`user`), and the login page's message. */
export const session = createSessionStore({
  load: api.me,
  logout: api.logout,
  loggedOutText: 'Vous êtes déconnecté.',
})

/** The logged-in staff member; null when nobody is. */
export const me = session.user

/** Whether the logged-in role may do this: the back office hides what it may not (the server
 * refuses it anyway). Reactive when read in a template or a computed. */
export function may(permission: Permission): boolean {
  return me.value ? can(me.value.role, permission) : false
}

/** The search and page of the Familles list, kept for the way back from a family. */
export const familiesQuery = ref<Record<string, string>>({})
