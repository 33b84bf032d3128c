import { ref } from 'vue'
import { api } from './api.ts'

/** The number of requests waiting in the sas, for the menu. */
export const pendingRequests = ref(0)

export async function refreshPendingRequests(): Promise<void> {
  try {
    pendingRequests.value = (await api.changeRequestCount()).count
  } catch {
    // the menu count is a convenience: the page itself shows errors
  }
}
