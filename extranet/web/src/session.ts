import { ref } from 'vue'
import type { FamilyHome } from '../../api/types.ts'
import { api } from './api.ts'

/** The logged-in guardian's home data; null when nobody is logged in (or after Déconnexion). */
export const home = ref<FamilyHome | null>(null)

/** A message for the login page (session expired, logged out). */
export const flash = ref<{ type: 'info' | 'warning'; text: string } | null>(null)

/** Loads the home data; false when the session is missing or over. */
export async function ensureSession(): Promise<boolean> {
  if (home.value) return true
  try {
    home.value = await api.home()
    return true
  } catch {
    return false
  }
}

export async function logout(): Promise<void> {
  try {
    await api.logout()
  } finally {
    home.value = null
    flash.value = { type: 'info', text: 'Vous êtes déconnecté. À bientôt !' }
  }
}
