import { createSessionStore } from '../../../ui/session.ts'
import { api } from './api.ts'

/** The logged-in guardian's home data (`user`), and the login page's message. */
export const session = createSessionStore({
  load: api.home,
  logout: api.logout,
  loggedOutText: 'Vous êtes déconnecté. À bientôt !',
})

/** The logged-in guardian's home data; null when nobody is logged in (or after Déconnexion). */
export const home = session.user
