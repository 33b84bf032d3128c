// The back office's réinscription campaign calls (« Réinscriptions »), part of the staff client.
import type {
  CampaignDashboardView,
  CampaignDetailView,
  CampaignFormOptions,
  CampaignInput,
  CampaignPupilFilters,
  CampaignPupilPage,
  CampaignSummaryView,
  ReminderStreamLine,
} from './campaign-types.ts'
import type { Http } from './http.ts'

export function campaignCalls(http: Http) {
  const at = (id: number, rest = '') => `/api/staff/campaigns/${id}${rest}`
  return {
    campaigns: () => http.get<CampaignSummaryView[]>('/api/staff/campaigns'),
    campaignFormOptions: () => http.get<CampaignFormOptions>('/api/staff/campaigns/options'),
    campaign: (id: number) => http.get<CampaignDetailView>(at(id)),
    createCampaign: (input: CampaignInput) =>
      http.post<{ id: number }>('/api/staff/campaigns', input),
    updateCampaign: (id: number, input: CampaignInput) => http.put<{ id: number }>(at(id), input),
    deleteCampaign: (id: number) => http.delete<undefined>(at(id)),
    /** « Ouvrir maintenant ». */
    openCampaign: (id: number) => http.post<undefined>(at(id, '/open'), null),
    /** « Fermer maintenant ». */
    closeCampaign: (id: number) => http.post<undefined>(at(id, '/close'), null),
    /** « Prolonger »: the new closing day and time. */
    extendCampaign: (id: number, input: { closesOn: string; closesTime: string }) =>
      http.post<undefined>(at(id, '/extend'), input),
    campaignDashboard: (id: number) => http.get<CampaignDashboardView>(at(id, '/dashboard')),
    campaignPupils: (id: number, filters: CampaignPupilFilters) =>
      http.get<CampaignPupilPage>(at(id, '/pupils'), { ...filters }),
    exportCampaign: (id: number) => http.download(at(id, '/export'), { format: 'csv' }),
    /** « Relancer les familles »; `onLine` sees the progress, then the result. */
    remindFamilies: (id: number, onLine: (line: ReminderStreamLine) => void) =>
      http.postLines<ReminderStreamLine>(at(id, '/reminders'), null, onLine),
  }
}
