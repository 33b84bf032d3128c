import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../db/connection.ts'
import { REENROLMENT_MESSAGES as M } from '../../db/rules/reenrolment.ts'
import { saveCourse } from '../../db/services/pedagogy/courses.ts'
import { enrolPupil } from '../../db/services/pedagogy/enrolments.ts'
import { decideDocument, refuseReenrolment } from '../../db/services/reenrolment/decide.ts'
import { pupilReenrolments } from '../../db/services/reenrolment/review-data.ts'
import { reenrolmentReview } from '../../db/services/reenrolment/review.ts'
import { validateReenrolment, type LineChoice } from '../../db/services/reenrolment/validate.ts'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import {
  CONTENT_SECURITY_POLICY,
  STAFF_CONTENT_SECURITY_POLICY,
} from '../../extranet/server/plugins/web-app.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, courseInput, type World } from '../support/pedagogy.ts'
import { FILES, makeCampaign, nextYear } from '../support/reenrolment.ts'
import {
  demoRequest,
  giveDocument,
  submittedRequest,
  worldGuardians,
} from '../support/reenrolment-review.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp.ts'

// The staff review of a pupil's réinscription, through its services on the pedagogy World:
// ABOLANT Adrien (site 1) follows in 2025/2026 "Musique cursus diplômant" (FM, cycle 2C3),
// "Ensemble de cuivres" (no cursus) and "Trompette" (cycle 3C3, the last); the campaign of site 1
// re-enrols into 2026/2027, whose courses are the copies of this year's.

const fresh = freshDatabases('portee-review-')
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

interface Setup {
  w: World
  db: Db
  dataDir: string
  y2026: number
  /** Adrien's enrolments of 2025/2026. */
  e: { formation: number; cuivres: number; trompette: number }
  /** The copies of the courses in 2026/2027. */
  next: { formation: number; cuivres: number; trompette: number }
  campaignId: number
  /** Pièces: identity (required, everyone), tax notice (optional), dance certificate (Danse). */
  pieces: { identity: number; tax: number; dance: number }
}

let s: Setup

async function setUp(): Promise<Setup> {
  const db = fresh()
  const w = await buildWorld(db)
  await worldGuardians(db)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-review-files-'))
  dirs.push(dataDir)
  const enrol = (courseId: number, cycle?: string) =>
    w.run(async (trx) => {
      const { enrolmentId } = await enrolPupil(
        trx,
        {
          pupilId: w.pupils.adrien,
          courseId,
          schoolYearId: w.years.y2025,
          ...(cycle ? { cursusId: w.cursus.diplomant, cycleId: w.cycles[cycle] } : {}),
        },
        w.actor,
      )
      return enrolmentId
    })
  const e = {
    formation: await enrol(w.courses.formation, '2C3'),
    cuivres: await enrol(w.courses.cuivres),
    trompette: await enrol(w.courses.trompette, '3C3'),
  }
  const y2026 = await nextYear(w)
  const copy = async (id: number) =>
    (await db('courses').where({ previous_course_id: id }).first<{ id: number }>('id')).id
  const next = {
    formation: await copy(w.courses.formation),
    cuivres: await copy(w.courses.cuivres),
    trompette: await copy(w.courses.trompette),
  }
  const campaign = await makeCampaign(db, {
    siteId: 1,
    schoolYearId: y2026,
    opensAt: '2026-05-01T06:00:00.000Z',
    closesAt: '2026-06-15T20:00:00.000Z',
    pieces: [
      { name: 'justif. d’identité', required: true },
      { name: 'avis d’imposition', required: false },
      {
        name: 'certificat médical',
        required: true,
        appliesTo: 'departement',
        departmentId: w.departments.danse,
      },
    ],
  })
  const [identity = 0, tax = 0, dance = 0] = campaign.pieceIds
  w.clock.set('2026-06-20T09:00:00.000Z')
  return {
    w,
    db,
    dataDir,
    y2026,
    e,
    next,
    campaignId: campaign.id,
    pieces: { identity, tax, dance },
  }
}

/** Adrien's request: formation and cuivres ticked, trompette not, unless told. */
async function adrienRequest(
  fields: Partial<Parameters<typeof submittedRequest>[1]> = {},
): Promise<{ id: number; lineIds: number[] }> {
  return submittedRequest(s.db, {
    campaignId: s.campaignId,
    pupilId: s.w.pupils.adrien,
    lines: [
      { enrolmentId: s.e.formation, reenrol: true },
      { enrolmentId: s.e.cuivres, reenrol: true },
      { enrolmentId: s.e.trompette, reenrol: false },
    ],
    ...fields,
  })
}

const identityDoc = (requestId: number, extra: Partial<Parameters<typeof giveDocument>[2]> = {}) =>
  giveDocument(s.db, s.dataDir, { requestId, pieceId: s.pieces.identity, ...extra })

const validate = (requestId: number, lines: LineChoice[] = [], revision?: number) =>
  s.w.run((trx) =>
    validateReenrolment(
      trx,
      { requestId, lines, ...(revision === undefined ? {} : { revision }) },
      s.w.actor,
    ),
  )

/** Next year's enrolments of a pupil: course, cursus, cycle code, start. */
async function nextYearEnrolments(pupilId: number) {
  return s
    .db('enrolments as e')
    .join('courses as c', 'c.id', 'e.course_id')
    .leftJoin('cycles as y', 'y.id', 'e.cycle_id')
    .where({ 'e.pupil_id': pupilId, 'c.school_year_id': s.y2026 })
    .orderBy('e.id')
    .select(
      'e.course_id as courseId',
      'e.cursus_id as cursusId',
      'y.code as cycle',
      'e.starts_on as startsOn',
    )
}

const TABLES = [
  'reenrolment_requests',
  'reenrolment_lines',
  'reenrolment_documents',
  'enrolments',
  'audit_log',
  'outbox',
]

/** A validation that must be refused: its error, once checked that not one row changed. */
async function refusedUnchanged(
  change: () => Promise<unknown>,
): Promise<{ code: string; message: string }> {
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {}
    for (const t of TABLES) out[t] = await s.db(t).select()
    return out
  }
  const before = await snapshot()
  const error = await change().then(
    () => {
      throw new Error('the change was accepted')
    },
    (e: unknown) => e as { code: string; message: string },
  )
  expect(await snapshot()).toEqual(before)
  return error
}

const mails = () => s.db('outbox').orderBy('id').select('kind', 'to_address', 'subject', 'text')

describe('the review of a request', () => {
  beforeEach(async () => {
    s = await setUp()
  })

  it('shows the pupil, the family, the lines with next year’s choices, and the pièces that apply', async () => {
    const { id, lineIds } = await adrienRequest({ comment: 'Merci' })
    const first = await identityDoc(id, {
      state: 'refuse',
      refusalReason: 'Illisible',
      fileName: 'cni.pdf',
    })
    const second = await identityDoc(id, {
      fileName: 'cni-nette.png',
      mimeType: 'image/png',
      uploadedAt: '2026-05-06T10:00:00.000Z',
    })
    const review = await s.w.run((trx) => reenrolmentReview(trx, id))
    expect(review).toMatchObject({
      id,
      status: 'envoyee',
      statusLabel: 'En attente de validation',
      pupil: { id: s.w.pupils.adrien, lastName: 'ABOLANT', firstName: 'Adrien' },
      family: { id: 1, name: 'ABOLANT' },
      campaign: { id: s.campaignId, siteId: 1, site: 'Conservatoire', schoolYear: '2026/2027' },
      submittedBy: 'Madame ABOLANT Jocelyne',
      administrative: false,
      comment: 'Merci',
      leftForStaff: false,
      decidedAt: null,
    })
    expect(review.family.guardians.map((g) => g.email)).toEqual([
      'jocelyne.abolant@example.org',
      '',
    ])
    const [formation, cuivres, trompette] = review.lines
    expect(review.lines.map((l) => l.id)).toEqual(lineIds)
    expect(formation).toMatchObject({
      course: 'Musique cursus diplômant',
      cursus: 'Musique cursus diplômant',
      cycle: '2C3',
      reenrol: true,
      active: true,
      defaultCourseId: s.next.formation,
      proposedCycleId: s.w.cycles['3C1'],
    })
    // Each course says its teacher and timetable: groups of one course share its title.
    expect(formation?.options).toEqual([
      {
        courseId: s.next.formation,
        label: 'Musique cursus diplômant',
        continues: true,
        detail: 'G. BRANTOME, mardi 17:30–19:00',
      },
    ])
    expect(formation?.cycles.map((c) => c.code)).toEqual([
      '1C1',
      '1C2',
      '1C3',
      '1C4',
      '2C1',
      '2C2',
      '2C3',
      '3C1',
      '3C2',
      '3C3',
    ])
    expect(cuivres).toMatchObject({
      cycle: '',
      proposedCycleId: null,
      defaultCourseId: s.next.cuivres,
      cycles: [],
    })
    // The last cycle of the cursus: the same one again.
    expect(trompette).toMatchObject({ reenrol: false, proposedCycleId: s.w.cycles['3C3'] })
    // The dance certificate does not apply to a music pupil.
    expect(review.pieces.map((p) => [p.name, p.required, p.applies])).toEqual([
      ['justif. d’identité', true, true],
      ['avis d’imposition', false, true],
    ])
    expect(review.pieces[0]?.document).toMatchObject({
      id: second.id,
      fileName: 'cni-nette.png',
      mimeType: 'image/png',
      state: 'fourni',
      stateLabel: 'Fourni',
      removedAt: null,
    })
    expect(review.pieces[0]?.earlier).toMatchObject([
      {
        id: first.id,
        fileName: 'cni.pdf',
        stateLabel: 'Refusé : Illisible',
        removedAt: '2026-05-06T10:00:00.000Z',
      },
    ])
    expect(review.pieces[1]?.document).toBeNull()
  })

  it('lists the requests of a pupil', async () => {
    const { id } = await adrienRequest()
    expect(await s.w.run((trx) => pupilReenrolments(trx, s.w.pupils.adrien))).toEqual([
      {
        id,
        schoolYear: '2026/2027',
        site: 'Conservatoire',
        status: 'envoyee',
        statusLabel: 'En attente de validation',
        submittedAt: '2026-05-04T08:00:00.000Z',
        decidedAt: null,
      },
    ])
    expect(await s.w.run((trx) => pupilReenrolments(trx, s.w.pupils.lea))).toEqual([])
  })
})

describe('« Valider la réinscription »', () => {
  beforeEach(async () => {
    s = await setUp()
  })

  it('creates next year’s enrolments: the next cycle of the cursus, the same course without cycle', async () => {
    const { id, lineIds } = await adrienRequest()
    const doc = await identityDoc(id)
    const { enrolmentIds } = await validate(id)
    expect(enrolmentIds).toHaveLength(2)
    expect(await nextYearEnrolments(s.w.pupils.adrien)).toEqual([
      {
        courseId: s.next.formation,
        cursusId: s.w.cursus.diplomant,
        cycle: '3C1',
        startsOn: '2026-09-01',
      },
      { courseId: s.next.cuivres, cursusId: null, cycle: null, startsOn: '2026-09-01' },
    ])
    const lines = await s.db('reenrolment_lines').whereIn('id', lineIds).orderBy('id')
    expect(lines.map((l) => l.created_enrolment_id)).toEqual([...enrolmentIds, null])
    const request = await s.db('reenrolment_requests').where({ id }).first()
    expect(request).toMatchObject({
      status: 'validee',
      decided_at: '2026-06-20T09:00:00.000Z',
      decided_by_staff_user_id: 1,
    })
    const document = await s.db('reenrolment_documents').where({ id: doc.id }).first()
    expect(document).toMatchObject({ state: 'accepte', reviewed_by_staff_user_id: 1 })
    const audit = await s.db('audit_log').where({ action: 'staff.reenrolment_validated' })
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].details)).toMatchObject({
      courses: ['Musique cursus diplômant', 'Ensemble de cuivres'],
    })
    // One mail, to the guardian with an address.
    const sent = await mails()
    expect(sent.map((m) => [m.kind, m.to_address])).toEqual([
      ['reenrolment_validated', 'jocelyne.abolant@example.org'],
    ])
    expect(sent[0].subject).toBe('Réinscription d’Adrien ABOLANT validée — Conservatoire')
    expect(sent[0].text).toContain(
      'Cours de l’année 2026/2027 :\n- Musique cursus diplômant\n- Ensemble de cuivres',
    )
    const review = await s.w.run((trx) => reenrolmentReview(trx, id))
    expect(review.lines.map((l) => [l.createdCourse, l.createdCycle])).toEqual([
      ['Musique cursus diplômant', '3C1'],
      ['Ensemble de cuivres', ''],
      ['', ''],
    ])
    expect(review).toMatchObject({
      status: 'validee',
      statusLabel: 'Validée',
      decidedBy: 'Administrateur',
    })
  })

  it('takes the course and cycle staff chose, else the family’s course', async () => {
    const other = await s.w.run(
      async (trx) =>
        (
          await saveCourse(
            trx,
            courseInput(s.w, {
              schoolYearId: s.y2026,
              disciplineId: s.w.disciplines.fm,
              label: 'FM 2e cycle adultes',
            }),
            s.w.actor,
          )
        ).id,
    )
    const otherCuivres = await s.w.run(
      async (trx) =>
        (
          await saveCourse(
            trx,
            courseInput(s.w, {
              schoolYearId: s.y2026,
              disciplineId: s.w.disciplines.cuivres,
              label: 'Cuivres du jeudi',
            }),
            s.w.actor,
          )
        ).id,
    )
    const { id, lineIds } = await submittedRequest(s.db, {
      campaignId: s.campaignId,
      pupilId: s.w.pupils.adrien,
      lines: [
        { enrolmentId: s.e.formation, reenrol: true },
        { enrolmentId: s.e.cuivres, reenrol: true, courseId: otherCuivres },
      ],
    })
    await identityDoc(id)
    const review = await s.w.run((trx) => reenrolmentReview(trx, id))
    expect(review.lines[0]?.options.map((o) => [o.label, o.detail])).toEqual([
      ['Musique cursus diplômant', 'G. BRANTOME, mardi 17:30–19:00'],
      ['FM 2e cycle adultes', ''], // no teacher, no timetable yet
    ])
    expect(review.lines[1]?.defaultCourseId).toBe(otherCuivres)
    await validate(id, [{ lineId: lineIds[0] ?? 0, courseId: other, cycleId: s.w.cycles['2C3'] }])
    expect(await nextYearEnrolments(s.w.pupils.adrien)).toEqual([
      { courseId: other, cursusId: s.w.cursus.diplomant, cycle: '2C3', startsOn: '2026-09-01' },
      { courseId: otherCuivres, cursusId: null, cycle: null, startsOn: '2026-09-01' },
    ])
  })

  it('refuses a full course, naming the line, and writes nothing at all', async () => {
    await s.db('courses').where({ id: s.next.trompette }).update({ capacity: 1 })
    await s.w.run((trx) =>
      enrolPupil(
        trx,
        { pupilId: s.w.pupils.lea, courseId: s.next.trompette, schoolYearId: s.y2026 },
        s.w.actor,
      ),
    )
    const { id } = await adrienRequest({
      lines: [
        { enrolmentId: s.e.formation, reenrol: true },
        { enrolmentId: s.e.trompette, reenrol: true },
      ],
    })
    await identityDoc(id)
    const error = await refusedUnchanged(() => validate(id))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe(
      '« Trompette (Musique cursus diplômant) » : Ce cours est complet (1 élève au plus).',
    )
  })

  it('refuses a line no course of next year continues, and an enrolment that exists already', async () => {
    const { id } = await adrienRequest()
    await identityDoc(id)
    await s
      .db('courses')
      .where({ id: s.next.cuivres })
      .update({ archived_at: '2026-06-01T00:00:00.000Z' })
    const none = await refusedUnchanged(() => validate(id))
    expect(none.message).toBe(
      '« Ensemble de cuivres » : aucun cours de l’année suivante ne le continue. Choisissez un cours, ou décochez la ligne.',
    )
    await s.db('courses').where({ id: s.next.cuivres }).update({ archived_at: null })
    await s.w.run((trx) =>
      enrolPupil(
        trx,
        { pupilId: s.w.pupils.adrien, courseId: s.next.cuivres, schoolYearId: s.y2026 },
        s.w.actor,
      ),
    )
    const twin = await refusedUnchanged(() => validate(id))
    expect(twin.message).toMatch(/^« Ensemble de cuivres » : .*inscrit/)
  })

  it('refuses a course that is not offered for the line, and a line of another request', async () => {
    const { id, lineIds } = await adrienRequest()
    await identityDoc(id)
    const wrong = await refusedUnchanged(() =>
      validate(id, [{ lineId: lineIds[0] ?? 0, courseId: s.next.cuivres }]),
    )
    expect(wrong.message).toBe(
      '« Musique cursus diplômant » : ce cours n’est pas un des cours proposés pour l’année suivante.',
    )
    const unknown = await refusedUnchanged(() => validate(id, [{ lineId: 999 }]))
    expect(unknown.code).toBe('VALIDATION')
  })

  it('creates nothing for a « Réinscription administrative » with a comment: left for staff to place', async () => {
    const { id } = await adrienRequest({
      administrative: true,
      comment: 'Adrien souhaite passer en cursus Danse.',
      lines: [{ enrolmentId: s.e.formation, reenrol: false }],
    })
    await identityDoc(id)
    expect((await s.w.run((trx) => reenrolmentReview(trx, id))).leftForStaff).toBe(true)
    expect(await validate(id)).toEqual({ enrolmentIds: [] })
    expect(await nextYearEnrolments(s.w.pupils.adrien)).toEqual([])
    const [mail] = await mails()
    expect(mail.text).toContain('Aucun cours n’a été créé pour l’année 2026/2027')
    expect(mail.text).toContain('le secrétariat placera Adrien ABOLANT dans les cours')
  })

  it('needs the required pièces given and not refused; a refused one replaced is fine', async () => {
    const { id } = await adrienRequest()
    const missing = await refusedUnchanged(() => validate(id))
    expect(missing).toMatchObject({
      code: 'CONFLICT',
      message: M.piecesNotAccepted(['justif. d’identité']),
    })
    const first = await identityDoc(id)
    await s.w.run((trx) =>
      decideDocument(
        trx,
        { documentId: first.id, decision: 'refuse', reason: 'Document périmé' },
        s.w.actor,
      ),
    )
    const refused = await refusedUnchanged(() => validate(id))
    expect(refused.message).toBe(M.piecesNotAccepted(['justif. d’identité']))
    const second = await identityDoc(id, { uploadedAt: '2026-06-19T10:00:00.000Z' })
    await validate(id)
    const docs = await s
      .db('reenrolment_documents')
      .orderBy('id')
      .select('id', 'state', 'refusal_reason', 'removed_at')
    expect(docs).toEqual([
      {
        id: first.id,
        state: 'refuse',
        refusal_reason: 'Document périmé',
        removed_at: '2026-06-19T10:00:00.000Z',
      },
      { id: second.id, state: 'accepte', refusal_reason: '', removed_at: null },
    ])
    // The refused file is kept.
    expect(fs.existsSync(path.join(s.dataDir, 'documents', first.storedName))).toBe(true)
  })

  it('is only for a request sent and not decided yet, on the revision staff saw', async () => {
    const draft = await adrienRequest({ status: 'brouillon' })
    expect((await refusedUnchanged(() => validate(draft.id))).message).toBe(M.notSubmitted)
    await s
      .db('reenrolment_requests')
      .where({ id: draft.id })
      .update({ status: 'envoyee', revision: 3 })
    await identityDoc(draft.id)
    expect((await refusedUnchanged(() => validate(draft.id, [], 2))).message).toBe(M.stale)
    await validate(draft.id, [], 3)
    const again = await refusedUnchanged(() => validate(draft.id))
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: 'Cette réinscription a déjà été traitée : elle ne peut plus être modifiée.',
    })
  })
})

describe('the documents and the refusal', () => {
  beforeEach(async () => {
    s = await setUp()
  })

  it('refuses a document with a reason, mailed to the family; accepts another', async () => {
    const { id } = await adrienRequest()
    const doc = await identityDoc(id)
    const tax = await giveDocument(s.db, s.dataDir, { requestId: id, pieceId: s.pieces.tax })
    const noReason = await refusedUnchanged(() =>
      s.w.run((trx) =>
        decideDocument(trx, { documentId: doc.id, decision: 'refuse', reason: '  ' }, s.w.actor),
      ),
    )
    expect(noReason).toMatchObject({ code: 'VALIDATION', message: M.reasonRequired })
    await s.w.run((trx) =>
      decideDocument(
        trx,
        { documentId: doc.id, decision: 'refuse', reason: 'Illisible' },
        s.w.actor,
      ),
    )
    await s.w.run((trx) =>
      decideDocument(trx, { documentId: tax.id, decision: 'accepte' }, s.w.actor),
    )
    const rows = await s
      .db('reenrolment_documents')
      .orderBy('id')
      .select('state', 'refusal_reason', 'reviewed_by_staff_user_id')
    expect(rows).toEqual([
      { state: 'refuse', refusal_reason: 'Illisible', reviewed_by_staff_user_id: 1 },
      { state: 'accepte', refusal_reason: '', reviewed_by_staff_user_id: 1 },
    ])
    const sent = await mails()
    expect(sent.map((m) => [m.kind, m.to_address])).toEqual([
      ['reenrolment_document_refused', 'jocelyne.abolant@example.org'],
    ])
    expect(sent[0].text).toContain(
      'a refusé le document transmis pour la pièce « justif. d’identité »',
    )
    expect(sent[0].text).toContain('Raison : Illisible')
    expect(sent[0].text).toContain('onglet « Réinscription »')
    const actions = await s
      .db('audit_log')
      .where('action', 'like', 'staff.reenrolment_document_%')
      .pluck('action')
    expect(actions).toEqual([
      'staff.reenrolment_document_refused',
      'staff.reenrolment_document_accepted',
    ])
  })

  it('does not decide on a document the family replaced meanwhile', async () => {
    const { id } = await adrienRequest()
    const old = await identityDoc(id)
    await identityDoc(id, { uploadedAt: '2026-06-19T10:00:00.000Z' })
    const error = await refusedUnchanged(() =>
      s.w.run((trx) => decideDocument(trx, { documentId: old.id, decision: 'accepte' }, s.w.actor)),
    )
    expect(error.code).toBe('CONFLICT')
  })

  it('« Refuser » with a reason: refused, mailed, audited; nothing more can be decided', async () => {
    const { id } = await adrienRequest()
    const doc = await identityDoc(id)
    const refuse = (reason: string) =>
      s.w.run((trx) => refuseReenrolment(trx, { requestId: id, reason }, s.w.actor))
    expect((await refusedUnchanged(() => refuse(''))).message).toBe(M.reasonRequired)
    await refuse('Dossier incomplet : contactez le secrétariat.')
    expect(await s.db('reenrolment_requests').where({ id }).first()).toMatchObject({
      status: 'refusee',
      refusal_reason: 'Dossier incomplet : contactez le secrétariat.',
      decided_by_staff_user_id: 1,
    })
    const [mail] = await mails()
    expect(mail).toMatchObject({
      kind: 'reenrolment_refused',
      to_address: 'jocelyne.abolant@example.org',
    })
    expect(mail.text).toContain('Raison : Dossier incomplet : contactez le secrétariat.')
    expect(await s.db('audit_log').where({ action: 'staff.reenrolment_refused' })).toHaveLength(1)
    expect((await refusedUnchanged(() => validate(id))).code).toBe('CONFLICT')
    expect((await refusedUnchanged(() => refuse('encore'))).code).toBe('CONFLICT')
    const late = await refusedUnchanged(() =>
      s.w.run((trx) => decideDocument(trx, { documentId: doc.id, decision: 'accepte' }, s.w.actor)),
    )
    expect(late.code).toBe('CONFLICT')
  })
})

describe('the routes of the review, on the demo', () => {
  let server: TestServer
  let smtp: SmtpCatcher
  let admin: Client
  let d: Awaited<ReturnType<typeof demoRequest>>

  beforeAll(async () => {
    smtp = await startSmtpCatcher()
    server = await startTestServer({
      demoFamilies: 10,
      config: (c) => ({ ...c, smtpUrl: smtp.url }),
    })
    admin = asStaff(server, await staffCookie(server))
    d = await demoRequest(server)
  })
  afterAll(async () => {
    await server.close()
    await smtp.close()
  })

  /** Every route of the review, for request `id`, document `doc`, pupil `pupil`. */
  const routes = (id: number, doc: number, pupil: number): [string, string, object?][] => [
    ['GET', `/api/staff/reenrolments/${id}`],
    ['PUT', `/api/staff/reenrolment-documents/${doc}`, { decision: 'accepte' }],
    ['GET', `/api/staff/reenrolment-documents/${doc}/file`],
    ['POST', `/api/staff/reenrolments/${id}/validate`, { lines: [] }],
    ['POST', `/api/staff/reenrolments/${id}/refuse`, { reason: 'Non' }],
    ['GET', `/api/staff/pupils/${pupil}/reenrolments`],
  ]

  it('checks the site of every route: another site’s staff find nothing, and nothing changes', async () => {
    const doc = await giveDocument(server.db, server.dataDir, {
      requestId: d.requestId,
      pieceId: d.pieceId,
    })
    const cookie = await staffCookie(server, 'antenne')
    const before = await server.db('reenrolment_requests').where({ id: d.requestId }).first()
    for (const [method, url, payload] of routes(d.requestId, doc.id, d.pupilId)) {
      const res = await server.staff.inject({
        method,
        url,
        headers: { cookie },
        ...(payload ? { payload } : {}),
      })
      expect(res.statusCode, `${method} ${url}`).toBe(404)
      expect(res.payload, `${method} ${url}`).not.toContain('ABOLANT')
    }
    expect(await server.db('reenrolment_requests').where({ id: d.requestId }).first()).toEqual(
      before,
    )
    expect(await server.db('reenrolment_documents').where({ id: doc.id }).first()).toMatchObject({
      state: 'fourni',
    })
    const tagged = server.staff
      .table()
      .filter((r) => /reenrolment/.test(r.path))
      .map((r) => [
        `${r.method.toUpperCase()} ${r.path}`,
        (r.settings.app as { sees?: string }).sees,
      ])
    expect(Object.fromEntries(tagged)).toEqual({
      'GET /api/staff/reenrolments/{id}': 'reenrolment',
      'PUT /api/staff/reenrolment-documents/{id}': 'reenrolmentDocument',
      'GET /api/staff/reenrolment-documents/{id}/file': 'reenrolmentDocument',
      'POST /api/staff/reenrolments/{id}/validate': 'reenrolment',
      'POST /api/staff/reenrolments/{id}/refuse': 'reenrolment',
      'GET /api/staff/pupils/{id}/reenrolments': 'pupil',
    })
    // The Conservatoire's Secrétariat sees it; Direction reads it but does not decide.
    const secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
    expect((await secretariat.get(`/api/staff/reenrolments/${d.requestId}`)).statusCode).toBe(200)
    const direction = asStaff(server, await staffCookie(server, 'direction'))
    expect((await direction.get(`/api/staff/reenrolments/${d.requestId}`)).statusCode).toBe(200)
    expect(
      (await direction.put(`/api/staff/reenrolment-documents/${doc.id}`, { decision: 'accepte' }))
        .statusCode,
    ).toBe(403)
  })

  it('serves a document’s file as an attachment of its type, never sniffed', async () => {
    const pdf = await giveDocument(server.db, server.dataDir, {
      requestId: d.requestId,
      pieceId: d.pieceId,
      fileName: 'Carte d’identité "recto".pdf',
    })
    const res = await admin.get(`/api/staff/reenrolment-documents/${pdf.id}/file`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="Carte d_identit_ _recto_.pdf"; filename*=UTF-8\'\'Carte%20d%E2%80%99identit%C3%A9%20%22recto%22.pdf',
    )
    expect(res.rawPayload.equals(pdf.bytes)).toBe(true)
    const png = await giveDocument(server.db, server.dataDir, {
      requestId: d.requestId,
      pieceId: d.pieceId,
      mimeType: 'image/png',
      bytes: FILES.png,
      fileName: 'scan.PDF',
    })
    const image = await admin.get(`/api/staff/reenrolment-documents/${png.id}/file`)
    expect(image.headers['content-type']).toBe('image/png')
    // Named .pdf by the family, it is a PNG: downloaded as one.
    expect(image.headers['content-disposition']).toBe(
      'attachment; filename="scan.png"; filename*=UTF-8\'\'scan.png',
    )
    expect(image.rawPayload.equals(FILES.png)).toBe(true)
    // The earlier one, replaced, is still served.
    expect((await admin.get(`/api/staff/reenrolment-documents/${pdf.id}/file`)).statusCode).toBe(
      200,
    )
    expect((await admin.get('/api/staff/reenrolment-documents/987654/file')).statusCode).toBe(404)
  })

  it('refuses a document (mail caught), then validates into next year’s enrolments', async () => {
    const doc = await giveDocument(server.db, server.dataDir, {
      requestId: d.requestId,
      pieceId: d.pieceId,
    })
    const url = `/api/staff/reenrolment-documents/${doc.id}`
    const noReason = await admin.put(url, { decision: 'refuse', reason: '' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body.message).toBe(M.reasonRequired)
    const mailsBefore = smtp.mails.length
    expect((await admin.put(url, { decision: 'refuse', reason: 'Photo floue' })).statusCode).toBe(
      204,
    )
    await server.mailer.runOnce()
    const [mail] = (await smtp.waitFor(mailsBefore + 1)).slice(mailsBefore)
    expect(mail?.to).toContain('jocelyne.abolant@example.org')
    expect(mail?.subject).toBe(
      'Réinscription d’Adrien ABOLANT : un document est refusé — Conservatoire',
    )
    expect(mail?.text).toContain('Raison : Photo floue')
    const refused = await admin.post(`/api/staff/reenrolments/${d.requestId}/validate`, {
      lines: [],
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.body.message).toContain('Pièce du test')
    // The family gives another file; every other required pièce of the campaign is given too.
    await giveDocument(server.db, server.dataDir, { requestId: d.requestId, pieceId: d.pieceId })
    let review = await admin.read(`/api/staff/reenrolments/${d.requestId}`)
    for (const piece of review.pieces)
      if (piece.required && piece.applies && !piece.document)
        await giveDocument(server.db, server.dataDir, { requestId: d.requestId, pieceId: piece.id })
    review = await admin.read(`/api/staff/reenrolments/${d.requestId}`)
    const res = await admin.post(`/api/staff/reenrolments/${d.requestId}/validate`, {
      revision: review.revision,
      lines: review.lines.map((l: { id: number }) => ({ lineId: l.id })),
    })
    expect(res.statusCode).toBe(200)
    expect(res.body.enrolmentIds).toHaveLength(review.lines.length)
    const lines = await admin.read(`/api/staff/pupils/${d.pupilId}/enrolments`)
    const next = lines.filter((l: { schoolYearId: number }) => l.schoolYearId === d.nextYearId)
    expect(next.map((l: { course: string }) => l.course).sort()).toEqual(
      review.lines.map((l: { course: string }) => l.course).sort(),
    )
    const list = await admin.read(`/api/staff/pupils/${d.pupilId}/reenrolments`)
    expect(list[0]).toMatchObject({ id: d.requestId, status: 'validee', statusLabel: 'Validée' })
    const again = await admin.post(`/api/staff/reenrolments/${d.requestId}/refuse`, {
      reason: 'Non',
    })
    expect(again.statusCode).toBe(409)
  })
})

describe('the back office’s Content-Security-Policy', () => {
  it('lets the page show a document from an object URL (image, frame), and nothing more', () => {
    expect(STAFF_CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    )
    // The families' pages keep theirs.
    expect(CONTENT_SECURITY_POLICY).not.toContain('blob:')
  })
})
