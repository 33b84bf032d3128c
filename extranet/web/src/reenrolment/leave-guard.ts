// Leaving a page with something not yet sent (another tab, another pupil, the browser closed)
// asks first: what was ticked or typed is only kept by its button.
import { onBeforeUnmount, onMounted, type Ref } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'

export function useLeaveGuard(unsent: Readonly<Ref<boolean>>, question: string): void {
  const mayLeave = () => !unsent.value || window.confirm(question)
  onBeforeRouteLeave(mayLeave)
  onBeforeRouteUpdate(mayLeave)
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (unsent.value) event.preventDefault()
  }
  onMounted(() => window.addEventListener('beforeunload', beforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload))
}
