import { createFamilyClient } from '../../api/family-client.ts'

/** The one client of the family app. */
export const api = createFamilyClient()
