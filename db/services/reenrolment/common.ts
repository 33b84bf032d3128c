// What the family's tab, the staff review and the dashboard share: the open campaign of a site,
// the year pupils re-enrol from, a pupil's courses of that year (the lines of the tab), the next
// year's courses each line may continue into, and the pièces that apply to a pupil.
import type { Trx } from '../../connection.ts'
import {
  campaignPhase,
  pieceApplies,
  type CampaignPhase,
  type PieceRule,
  type PieceScope,
  type PieceTarget,
  type Residence,
} from '../../rules/reenrolment.ts'
import { nextCycleOf } from '../pedagogy/cursus.ts'

export interface Campaign {
  id: number
  siteId: number
  schoolYearId: number
  schoolYearLabel: string
  opensAt: string
  closesAt: string
  message: string
  lastReminderAt: string | null
}

interface CampaignRow {
  id: number
  site_id: number
  school_year_id: number
  label: string
  opens_at: string
  closes_at: string
  message: string
  last_reminder_at: string | null
}

const campaignColumns = [
  'c.id',
  'c.site_id',
  'c.school_year_id',
  'y.label',
  'c.opens_at',
  'c.closes_at',
  'c.message',
  'c.last_reminder_at',
]

function campaignOf(r: CampaignRow): Campaign {
  return {
    id: r.id,
    siteId: r.site_id,
    schoolYearId: r.school_year_id,
    schoolYearLabel: r.label,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    message: r.message,
    lastReminderAt: r.last_reminder_at,
  }
}

export function phaseOf(campaign: Campaign, now: Date): CampaignPhase {
  return campaignPhase(campaign.opensAt, campaign.closesAt, now)
}

export async function getCampaign(trx: Trx, id: number): Promise<Campaign | null> {
  const row = await trx<CampaignRow>('reenrolment_campaigns as c')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .where('c.id', id)
    .first(campaignColumns)
  return row ? campaignOf(row) : null
}

/** The campaign of a site open at `now` (the latest opened if two overlap), or null. */
export async function openCampaignOfSite(
  trx: Trx,
  siteId: number,
  now: Date,
): Promise<Campaign | null> {
  const iso = now.toISOString()
  const row = await trx<CampaignRow>('reenrolment_campaigns as c')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .where('c.site_id', siteId)
    .where('c.opens_at', '<=', iso)
    .where('c.closes_at', '>', iso)
    .orderBy('c.opens_at', 'desc')
    .first(campaignColumns)
  return row ? campaignOf(row) : null
}

/** The school year just before the campaign's (the one pupils re-enrol from), or null. */
export async function previousYearId(trx: Trx, schoolYearId: number): Promise<number | null> {
  const row = await trx('school_years as p')
    .join('school_years as y', 'p.ends_on', '<', 'y.starts_on')
    .where('y.id', schoolYearId)
    .orderBy('p.starts_on', 'desc')
    .first<{ id: number } | undefined>('p.id')
  return row?.id ?? null
}

/** A course of the pupil in the year before the campaign's: one line of the Réinscription tab. */
export interface CurrentEnrolment {
  enrolmentId: number
  courseId: number
  courseLabel: string
  siteId: number
  disciplineId: number
  departmentId: number
  cursusId: number | null
  cursusName: string
  cycleId: number | null
  cycleCode: string
  horairesAmenages: boolean
  active: boolean
}

/** An enrolment row as enrolmentsOfYear and the family's tab read it. */
export interface EnrolmentRow {
  id: number
  course_id: number
  label: string
  site_id: number
  discipline_id: number
  department_id: number
  cursus_id: number | null
  cursus_name: string | null
  cycle_id: number | null
  cycle_code: string | null
  horaires_amenages: number | boolean
  ends_on: string | null
}

export function enrolmentOf(r: EnrolmentRow): CurrentEnrolment {
  return {
    enrolmentId: r.id,
    courseId: r.course_id,
    courseLabel: r.label,
    siteId: r.site_id,
    disciplineId: r.discipline_id,
    departmentId: r.department_id,
    cursusId: r.cursus_id,
    cursusName: r.cursus_name ?? '',
    cycleId: r.cycle_id,
    cycleCode: r.cycle_code ?? '',
    horairesAmenages: Boolean(r.horaires_amenages),
    active: r.ends_on === null,
  }
}

/** The pupil's enrolments in a school year (ended ones too: the "Actif" column tells them apart). */
export async function enrolmentsOfYear(
  trx: Trx,
  pupilId: number,
  schoolYearId: number,
): Promise<CurrentEnrolment[]> {
  const rows = await trx('enrolments as e')
    .join('courses as c', 'c.id', 'e.course_id')
    .join('disciplines as d', 'd.id', 'c.discipline_id')
    .leftJoin('cursus as u', 'u.id', 'e.cursus_id')
    .leftJoin('cycles as y', 'y.id', 'e.cycle_id')
    .where({ 'e.pupil_id': pupilId, 'c.school_year_id': schoolYearId })
    .orderBy([{ column: 'u.name' }, { column: 'c.label' }, { column: 'e.id' }])
    .select<EnrolmentRow[]>(
      'e.id',
      'e.course_id',
      'c.label',
      'c.site_id',
      'c.discipline_id',
      'd.department_id',
      'e.cursus_id',
      'u.name as cursus_name',
      'e.cycle_id',
      'y.code as cycle_code',
      'c.horaires_amenages',
      'e.ends_on',
    )
  return rows.map(enrolmentOf)
}

/** The cycle of next year's enrolment: the next one of the cursus, or the same at its end. */
export async function nextYearCycleId(trx: Trx, line: CurrentEnrolment): Promise<number | null> {
  if (line.cycleId === null) return null
  return (await nextCycleOf(trx, line.cycleId))?.id ?? line.cycleId
}

export interface Piece extends PieceRule {
  id: number
  name: string
  required: boolean
  position: number
}

/** A row of campaign_pieces, as the columns of a Piece are read. */
export interface PieceRow {
  id: number
  name: string
  required: number | boolean
  applies_to: PieceScope
  department_id: number | null
  cursus_id: number | null
  position: number
}

/** The columns of campaign_pieces that make a Piece (pieceOf). */
export const PIECE_COLUMNS = [
  'id',
  'name',
  'required',
  'applies_to',
  'department_id',
  'cursus_id',
  'position',
] as const

export function pieceOf(r: PieceRow): Piece {
  return {
    id: r.id,
    name: r.name,
    required: Boolean(r.required),
    appliesTo: r.applies_to,
    departmentId: r.department_id,
    cursusId: r.cursus_id,
    position: r.position,
  }
}

/** The pièces of a campaign (archived ones left out), in order. */
export async function campaignPieces(trx: Trx, campaignId: number): Promise<Piece[]> {
  const rows = await trx('campaign_pieces')
    .where({ campaign_id: campaignId })
    .whereNull('archived_at')
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .select<PieceRow[]>(PIECE_COLUMNS)
  return rows.map(pieceOf)
}

/** What decides the pièces of a pupil: their courses of the year before, the family's residence. */
export async function pieceTarget(
  trx: Trx,
  familyId: number,
  lines: readonly CurrentEnrolment[],
): Promise<PieceTarget> {
  const family = await trx('families')
    .where({ id: familyId })
    .first<{ residence: Residence | null } | undefined>('residence')
  return pieceTargetOf(family?.residence ?? null, lines)
}

/** pieceTarget, from the family's residence already read: the active courses count. */
export function pieceTargetOf(
  residence: Residence | null,
  lines: readonly CurrentEnrolment[],
): PieceTarget {
  const active = lines.filter((l) => l.active)
  return {
    departmentIds: [...new Set(active.map((l) => l.departmentId))],
    cursusIds: [...new Set(active.flatMap((l) => (l.cursusId === null ? [] : [l.cursusId])))],
    residence,
  }
}

/** The pièces of a campaign that apply to a pupil. */
export function piecesFor(pieces: readonly Piece[], target: PieceTarget): Piece[] {
  return pieces.filter((p) => pieceApplies(p, target))
}
