import { shallowRef } from 'vue'
import type { FirstRunState } from '../../extranet/api/types.ts'
import { api } from './api.ts'

/**
 * The first run after the administrator's account: the conservatoire's identity, then its sites
 * (at least one). Until both are done, the administrator is led to them.
 */
export const firstRun = shallowRef<FirstRunState | null>(null)

export async function refreshFirstRun(): Promise<FirstRunState | null> {
  try {
    firstRun.value = await api.firstRun()
  } catch {
    firstRun.value = null
  }
  return firstRun.value
}

/** The route of the step to do next, or null (done, or not the administrator's to do). */
export async function nextSetupStep(): Promise<string | null> {
  const known = firstRun.value
  const state = known && known.conservatoire && known.sites ? known : await refreshFirstRun()
  if (!state?.canSetUp) return null
  if (!state.conservatoire) return 'parametres-conservatoire'
  if (!state.sites) return 'parametres-sites'
  return null
}
