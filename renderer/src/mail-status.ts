import { ref } from 'vue'
import type { MailStatus } from '../../extranet/api/types.ts'
import { api } from './api.ts'

/** The outbox's state, for the count in the menu and the banner of the "Courriels" page. */
export const mailStatus = ref<MailStatus | null>(null)

export async function refreshMailStatus(): Promise<void> {
  try {
    mailStatus.value = await api.mailStatus()
  } catch {
    // the menu count is a convenience: a failure here is shown by the page that needs it
  }
}
