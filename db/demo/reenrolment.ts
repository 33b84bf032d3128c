// The demo's réinscription (issue 12): the school year 2027/2028 made from the current one (its
// courses copied by the pedagogy service), the families' residence, an open campaign on the
// Conservatoire and a closed one on the antenne, both with the pièces of seed 003, and the
// pupils' requests at every stage (none, draft, sent, validated with next year's enrolments,
// refused) with their documents, each with its own file under DATA_DIR/documents. Rows are made
// in memory from a seeded random and written with batchInsert, so that 100 000 families stay fast.
// The named families of DESIGN.md get no request: a test or a visitor re-enrols them.
import type { Trx } from '../connection.ts'
import {
  pieceApplies,
  SUGGESTED_PIECES,
  type PieceRule,
  type RequestStatus,
  type Residence,
} from '../rules/reenrolment.ts'
import type { Clock } from '../clock.ts'
import { sqlOf, type Sql } from '../prepared.ts'
import { createNextSchoolYear } from '../services/pedagogy/school-years.ts'
import { seededRandom } from './generator.ts'
import { writeDemoFiles } from './reenrolment-files.ts'

type Rand = () => number
const DAY = 24 * 60 * 60 * 1000

/** The stages of a request, with their share of the pupils (the rest: no request). */
type Stage = RequestStatus | null
const OPEN_STAGES: [Stage, number][] = [
  [null, 0.3],
  ['brouillon', 0.1],
  ['envoyee', 0.35],
  ['validee', 0.2],
  ['refusee', 0.05],
]
/**
 * At most this many requests per campaign: a big demo (20,000 or 100,000 families) stays quick to
 * make and to back up (each request has a few documents on disk), and looks like the first days
 * of a campaign, most families not answered yet.
 */
const MAX_REQUESTS = 1500

const CLOSED_STAGES: [Stage, number][] = [
  [null, 0.25],
  ['brouillon', 0.05],
  ['envoyee', 0.05],
  ['validee', 0.6],
  ['refusee', 0.05],
]

const OPEN_MESSAGE =
  'La réinscription pour l’année 2027/2028 est ouverte. Cochez les cours à poursuivre, importez les pièces demandées puis cliquez sur « Valider » pour chaque élève.'
const CLOSED_MESSAGE =
  'La réinscription en ligne de l’antenne est terminée : pour toute demande, contactez le secrétariat.'
const REFUSALS = [
  'Merci de prendre rendez-vous avec le secrétariat : le dossier est incomplet.',
  'Les cours demandés ne sont plus proposés sur ce site.',
]
const COMMENTS = [
  'Souhaite garder le même professeur si possible.',
  'Disponible uniquement le mercredi.',
  'Pourrions-nous avoir un horaire plus tôt le samedi ?',
]
/** The family's file name of each suggested pièce, in SUGGESTED_PIECES' order. */
const FILE_NAMES = [
  'carte-identite.pdf',
  'facture-electricite.pdf',
  'avis-imposition.pdf',
  'autorisation-image.pdf',
  'attestation-assurance.pdf',
  'certificat-medical.pdf',
  'rib-autorisation.pdf',
]
const TAX_PIECE = 2

/** A time moved into the day (8 h to 21 h in France, about), kept between `min` and `max`. */
function daytime(ms: number, min: number, max: number): number {
  const d = new Date(ms)
  const hour = d.getUTCHours()
  if (hour < 7 || hour > 19) d.setUTCHours(7 + (hour % 13))
  const moved = d.getTime()
  return moved >= min && moved <= max ? moved : ms
}

function stageOf(rand: Rand, stages: [Stage, number][]): Stage {
  let r = rand()
  for (const [stage, share] of stages) {
    if (r < share) return stage
    r -= share
  }
  return null
}

/** Each family's residence: most in the commune, some in the communauté, a few outside. */
/**
 * DUPONT Léa's Piano course goes on next year in two groups (its copy and a Wednesday group), so
 * that her tab shows the choice of the seeds: « choisissez le cours en cas de choix multiples ».
 */
async function splitLeaPiano(trx: Trx, nextYearId: number, clock: Clock): Promise<void> {
  const course = await trx('enrolments as e')
    .join('pupils as p', 'p.id', 'e.pupil_id')
    .join('courses as c', 'c.id', 'e.course_id')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .where({ 'p.last_name': 'DUPONT', 'p.first_name': 'Léa', 'y.is_current': true })
    .where('c.label', 'like', 'Piano%')
    .first<{ id: number } | undefined>('c.id')
  const copy =
    course &&
    (await trx('courses')
      .where({ school_year_id: nextYearId, previous_course_id: course.id })
      .first<Record<string, unknown> | undefined>())
  if (!copy) return
  const now = clock.now().toISOString()
  await trx('courses').insert({
    ...copy,
    id: undefined,
    label: `${String(copy['label'])} (mercredi)`,
    weekday: 3,
    start_time: '14:00',
    created_at: now,
    updated_at: now,
  })
}

async function setResidences(trx: Trx, named: number): Promise<void> {
  const rand = seededRandom(2712)
  const ids = await trx('families').orderBy('id').pluck<number[]>('id')
  const groups: Record<Residence, number[]> = { commune: [], communaute: [], exterieur: [] }
  for (const id of ids) {
    const r = rand()
    const residence: Residence =
      id <= named
        ? id === named
          ? 'exterieur'
          : 'commune'
        : r < 0.65
          ? 'commune'
          : r < 0.88
            ? 'communaute'
            : 'exterieur'
    groups[residence].push(id)
  }
  for (const [residence, list] of Object.entries(groups)) {
    for (let i = 0; i < list.length; i += 500) {
      await trx('families')
        .whereIn('id', list.slice(i, i + 500))
        .update({ residence })
    }
  }
}

interface Campaign {
  id: number
  siteId: number
  opensAt: number
  closesAt: number
  pieces: (PieceRule & { id: number; index: number; required: boolean })[]
}

async function insertCampaign(
  trx: Trx,
  input: { siteId: number; yearId: number; opensAt: number; closesAt: number; message: string },
  danceId: number | null,
): Promise<Campaign> {
  const created = new Date(input.opensAt - 7 * DAY).toISOString()
  const [row] = await trx('reenrolment_campaigns')
    .insert({
      site_id: input.siteId,
      school_year_id: input.yearId,
      opens_at: new Date(input.opensAt).toISOString(),
      closes_at: new Date(input.closesAt).toISOString(),
      message: input.message,
      created_at: created,
      updated_at: created,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('demo: campaign not created')
  const pieces: Campaign['pieces'] = []
  for (const [index, p] of SUGGESTED_PIECES.entries()) {
    const departmentId = p.department ? danceId : null
    const [piece] = await trx('campaign_pieces')
      .insert({
        campaign_id: row.id,
        name: p.name,
        required: p.required,
        applies_to: p.appliesTo,
        department_id: departmentId,
        position: index + 1,
        created_at: created,
        updated_at: created,
      })
      .returning<{ id: number }[]>('id')
    if (!piece) throw new Error('demo: pièce not created')
    pieces.push({
      id: piece.id,
      index,
      required: p.required,
      appliesTo: p.appliesTo,
      departmentId,
      cursusId: null,
    })
  }
  return {
    id: row.id,
    siteId: input.siteId,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    pieces,
  }
}

/** A pupil's active enrolment of the current year, with what its line needs. */
interface Current {
  id: number
  pupil_id: number
  family_id: number
  site_id: number
  course_id: number
  cursus_id: number | null
  cycle_id: number | null
  department_id: number
  residence: Residence | null
}

interface Context {
  rand: Rand
  nowMs: number
  nextYear: { id: number; startsOn: string }
  nextCourse: Map<number, number>
  nextCycle: Map<number, number | null>
  guardianOf: Map<number, number>
  staffId: number | null
}

/** The rows of the requests of one campaign, made in memory. */
interface Rows {
  requests: Record<string, unknown>[]
  lines: Record<string, unknown>[]
  enrolments: Record<string, unknown>[]
  documents: Record<string, unknown>[]
}

function requestRows(
  ctx: Context,
  campaign: Campaign,
  stages: [Stage, number][],
  byPupil: Map<number, Current[]>,
  ids: { request: number; enrolment: number },
  rows: Rows,
): void {
  const { rand } = ctx
  const iso = (ms: number) => new Date(ms).toISOString()
  const end = Math.min(ctx.nowMs, campaign.closesAt)
  let made = 0
  for (const [pupilId, lines] of byPupil) {
    const stage = stageOf(rand, stages)
    const first = lines[0]
    if (!stage || !first || first.site_id !== campaign.siteId) continue
    if (++made > MAX_REQUESTS) break
    const requestId = ++ids.request
    const started = campaign.opensAt + rand() * (end - campaign.opensAt) * 0.6
    const submitted = started + rand() * (end - started) * 0.5
    const decided = submitted + rand() * (end - submitted)
    const sent = stage !== 'brouillon'
    const decidedStage = stage === 'validee' || stage === 'refusee'
    const guardian = ctx.guardianOf.get(first.family_id) ?? null
    const ticked = lines.map((_, i) => i === 0 || rand() < 0.85)
    rows.requests.push({
      id: requestId,
      campaign_id: campaign.id,
      pupil_id: pupilId,
      family_id: first.family_id,
      status: stage,
      administrative: sent,
      comment: sent && rand() < 0.15 ? COMMENTS[Math.floor(rand() * COMMENTS.length)] : '',
      revision: sent ? 3 : 1,
      submitted_at: sent ? iso(submitted) : null,
      submitted_by_guardian_id: sent ? guardian : null,
      decided_at: decidedStage ? iso(decided) : null,
      decided_by_staff_user_id: decidedStage ? ctx.staffId : null,
      refusal_reason:
        stage === 'refusee' ? (REFUSALS[Math.floor(rand() * REFUSALS.length)] ?? '') : '',
      created_at: iso(started),
      updated_at: iso(decidedStage ? decided : sent ? submitted : started),
    })
    lines.forEach((line, i) => {
      const nextCourse = ctx.nextCourse.get(line.course_id) ?? null
      let created: number | null = null
      if (stage === 'validee' && ticked[i] && nextCourse !== null) {
        created = ++ids.enrolment
        rows.enrolments.push({
          id: created,
          pupil_id: pupilId,
          course_id: nextCourse,
          cursus_id: line.cursus_id,
          cycle_id:
            line.cycle_id === null ? null : (ctx.nextCycle.get(line.cycle_id) ?? line.cycle_id),
          starts_on: ctx.nextYear.startsOn,
          ends_on: null,
          created_at: iso(decided),
          updated_at: iso(decided),
        })
      }
      rows.lines.push({
        request_id: requestId,
        enrolment_id: line.id,
        reenrol: ticked[i],
        course_id: null,
        created_enrolment_id: created,
      })
    })
    const target = {
      departmentIds: [...new Set(lines.map((l) => l.department_id))],
      cursusIds: [],
      residence: first.residence,
    }
    const pieces = campaign.pieces.filter((p) => pieceApplies(p, target))
    const given =
      stage === 'brouillon'
        ? pieces.slice(0, 1 + Math.floor(rand() * 2))
        : pieces.filter((p) => p.required || rand() < 0.5)
    for (const piece of given) {
      const r = rand()
      const refused =
        (stage === 'envoyee' && r < (piece.index === TAX_PIECE ? 0.3 : 0.06)) ||
        (stage === 'refusee' && piece === given[0])
      const accepted = !refused && (stage === 'validee' || (sent && r < 0.35))
      const reason =
        piece.index === TAX_PIECE ? 'Avis d’imposition de l’année précédente' : 'Document illisible'
      rows.documents.push({
        request_id: requestId,
        piece_id: piece.id,
        pupil_id: pupilId,
        family_id: first.family_id,
        file_name: FILE_NAMES[piece.index] ?? 'document.pdf',
        mime_type: 'application/pdf',
        uploaded_at: iso(daytime(started + rand() * (submitted - started), started, submitted)),
        uploaded_by_guardian_id: guardian,
        state: refused ? 'refuse' : accepted ? 'accepte' : 'fourni',
        refusal_reason: refused ? reason : '',
        reviewed_at:
          refused || accepted
            ? iso(decidedStage ? decided : submitted + (end - submitted) / 2)
            : null,
        reviewed_by_staff_user_id: refused || accepted ? ctx.staffId : null,
      })
    }
  }
}

/**
 * Inserts rows (all with the columns of the first) through one prepared statement: a few
 * microseconds a row, where knex's batchInsert builds the SQL of every chunk.
 */
function insertRows(sql: Sql, table: string, rows: readonly Record<string, unknown>[]): void {
  const [first] = rows
  if (!first) return
  const columns = Object.keys(first)
  const source = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
  for (const row of rows) {
    sql.run(
      source,
      ...columns.map((c) => {
        const value = row[c]
        return typeof value === 'boolean' ? Number(value) : value
      }),
    )
  }
}

/**
 * Loads the réinscription of the demo, in loadDemo's transaction after the pedagogy: `now` is the
 * load time (the campaign opens a few days before it), `named` the count of DESIGN.md's families
 * (the first ids), left without a request.
 */
export async function loadDemoReenrolment(
  trx: Trx,
  input: { clock: Clock; dataDir: string; named: number },
): Promise<{ requests: number; documents: number }> {
  const nowMs = input.clock.now().getTime()
  const admin = await trx('staff_users').where({ login: 'admin' }).first<{ id: number }>('id')
  if (!admin) throw new Error('demo: no admin')
  const actor = { staffUserId: admin.id, clientIp: '127.0.0.1', clock: input.clock }
  const { schoolYear } = await createNextSchoolYear(trx, {}, actor)
  await splitLeaPiano(trx, schoolYear.id, input.clock)
  await setResidences(trx, input.named)

  const dance = await trx('departments').where({ name: 'Danse' }).first<{ id: number }>('id')
  const conservatoire = await insertCampaign(
    trx,
    {
      siteId: 1,
      yearId: schoolYear.id,
      opensAt: nowMs - 4 * DAY,
      closesAt: nowMs + 30 * DAY,
      message: OPEN_MESSAGE,
    },
    dance?.id ?? null,
  )
  const antenne = await insertCampaign(
    trx,
    {
      siteId: 2,
      yearId: schoolYear.id,
      opensAt: nowMs - 35 * DAY,
      closesAt: nowMs - 3 * DAY,
      message: CLOSED_MESSAGE,
    },
    dance?.id ?? null,
  )
  await trx('reenrolment_campaigns')
    .where({ id: antenne.id })
    .update({ last_reminder_at: new Date(nowMs - 10 * DAY).toISOString() })

  const current = await trx('enrolments as e')
    .join('courses as c', 'c.id', 'e.course_id')
    .join('disciplines as d', 'd.id', 'c.discipline_id')
    .join('pupils as p', 'p.id', 'e.pupil_id')
    .join('families as f', 'f.id', 'p.family_id')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .where('y.is_current', true)
    .whereNull('e.ends_on')
    .whereNull('f.archived_at')
    .where('f.id', '>', input.named)
    .orderBy(['e.pupil_id', 'e.id'])
    .select<Current[]>(
      'e.id',
      'e.pupil_id',
      'p.family_id',
      'c.site_id',
      'e.course_id',
      'e.cursus_id',
      'e.cycle_id',
      'd.department_id',
      'f.residence',
    )
  const byPupil = new Map<number, Current[]>()
  for (const e of current) byPupil.set(e.pupil_id, [...(byPupil.get(e.pupil_id) ?? []), e])
  const nextCourse = new Map(
    (
      await trx('courses')
        .where({ school_year_id: schoolYear.id })
        .select<{ id: number; previous_course_id: number }[]>('id', 'previous_course_id')
    ).map((c) => [c.previous_course_id, c.id]),
  )
  const nextCycle = new Map(
    (
      await trx('cycles').select<{ id: number; next_cycle_id: number | null }[]>(
        'id',
        'next_cycle_id',
      )
    ).map((c) => [c.id, c.next_cycle_id]),
  )
  const guardianOf = new Map(
    (
      await trx('guardians')
        .where({ rank: 1 })
        .select<{ id: number; family_id: number }[]>('id', 'family_id')
    ).map((g) => [g.family_id, g.id]),
  )
  const secretariat = await trx('staff_users')
    .where({ login: 'secretariat' })
    .first<{ id: number } | undefined>('id')
  const maxEnrolment = await trx('enrolments').max<{ n: number | null }>({ n: 'id' }).first()
  const ctx: Context = {
    rand: seededRandom(1227),
    nowMs,
    nextYear: { id: schoolYear.id, startsOn: schoolYear.startsOn },
    nextCourse,
    nextCycle,
    guardianOf,
    staffId: secretariat?.id ?? admin.id,
  }
  const rows: Rows = { requests: [], lines: [], enrolments: [], documents: [] }
  const ids = { request: 0, enrolment: Number(maxEnrolment?.n ?? 0) }
  requestRows(ctx, conservatoire, OPEN_STAGES, byPupil, ids, rows)
  requestRows(ctx, antenne, CLOSED_STAGES, byPupil, ids, rows)
  const { names, file } = await writeDemoFiles(input.dataDir, rows.documents.length)
  rows.documents.forEach((d, i) => {
    d['stored_name'] = names[i]
    d['size_bytes'] = file.size
    d['sha256'] = file.sha256
  })
  const sql = await sqlOf(trx)
  insertRows(sql, 'enrolments', rows.enrolments)
  insertRows(sql, 'reenrolment_requests', rows.requests)
  insertRows(sql, 'reenrolment_lines', rows.lines)
  insertRows(sql, 'reenrolment_documents', rows.documents)
  return { requests: rows.requests.length, documents: rows.documents.length }
}
