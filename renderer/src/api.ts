import { createStaffClient } from '../../extranet/api/staff-client.ts'

/** The one client of the back office. */
export const api = createStaffClient()
