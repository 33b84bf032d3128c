import { ref } from 'vue'
import { schoolChoices } from '../../db/rules/schools.ts'
import { api } from './api.ts'

/** The answers of the pupil's "Établissement scolaire": the list staff keep, then the seeds' two. */
export const schoolOptions = ref<string[]>(schoolChoices([]))

/** Loads the list again (a pupil's form opens, the list was changed in "Paramètres"). */
export async function loadSchools(): Promise<void> {
  schoolOptions.value = schoolChoices(await api.schools())
}
