import { Http } from './http.ts'
import type { FamilyList, FamilyRecord, StaffMe } from './types.ts'

/** The typed client of the back office's API. */
export function createStaffClient(http = new Http()) {
  return {
    http,
    login: (input: { login: string; password: string }) =>
      http.post<undefined>('/api/staff/session', input),
    logout: () => http.delete<undefined>('/api/staff/session'),
    me: () => http.get<StaffMe>('/api/staff/me'),
    families: (query: { q?: string; page?: number; pageSize?: number }) =>
      http.get<FamilyList>('/api/staff/families', query),
    family: (id: number) => http.get<FamilyRecord>(`/api/staff/families/${id}`),
  }
}

export type StaffClient = ReturnType<typeof createStaffClient>
