import { Http } from './http.ts'
import type { FamilyHome, SiteOption } from './types.ts'

/** The typed client of the family extranet's API. */
export function createFamilyClient(http = new Http()) {
  return {
    http,
    sites: () => http.get<SiteOption[]>('/api/family/sites'),
    login: (input: { siteId: number; login: string; password: string }) =>
      http.post<undefined>('/api/family/session', input),
    logout: () => http.delete<undefined>('/api/family/session'),
    home: () => http.get<FamilyHome>('/api/family/home'),
  }
}

export type FamilyClient = ReturnType<typeof createFamilyClient>
