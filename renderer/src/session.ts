import { ref } from 'vue'
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

/** The search and page of the Familles list, kept for the way back from a family. */
export const familiesQuery = ref<Record<string, string>>({})
