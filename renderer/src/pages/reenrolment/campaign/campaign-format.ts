// What the campaign screens share: a pièce row of the form, the words of the states and phases,
// the share of pupils who answered.
import {
  CAMPAIGN_PHASE_LABELS,
  DASHBOARD_STATUS_LABELS,
  type DashboardStatus,
} from '../../../../../db/rules/reenrolment.ts'
import type {
  CampaignPieceInput,
  StatusCountsView,
} from '../../../../../extranet/api/campaign-types.ts'

/** A pièce in the campaign's form: `key` tells the rows apart (a new pièce has no id yet). */
export interface PieceRow extends CampaignPieceInput {
  key: number
  hasDocuments: boolean
}

export { CAMPAIGN_PHASE_LABELS, DASHBOARD_STATUS_LABELS }

/** The states of the dashboard, in the order of the screens. */
export const STATUSES: DashboardStatus[] = ['non_commencee', 'envoyee', 'validee', 'refusee']

/** The colours of the states (the chart and the chips); the text always says the state too. */
export const STATUS_COLOURS: Record<DashboardStatus, string> = {
  non_commencee: '#757575',
  envoyee: '#1d4f91',
  validee: '#2e7d32',
  refusee: '#c62828',
}

/** How many answered (sent, validated or refused). */
export function answered(c: StatusCountsView): number {
  return c.envoyee + c.validee + c.refusee
}

/** The share of pupils who answered, 0 to 100. */
export function answeredPercent(c: StatusCountsView): number {
  return c.total ? Math.round((100 * answered(c)) / c.total) : 0
}
