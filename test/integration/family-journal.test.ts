import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FILE_NAME_HEADER } from '../../extranet/api/reenrolment-types.ts'
import {
  asFamily,
  asStaff,
  familyCookie,
  staffCookie,
  type Answer,
  type Client,
} from '../support/api.ts'
import { FILES } from '../support/reenrolment.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { countStatements, statementsOfGet } from '../support/statements.ts'

// A family's journal as the secretariat reads it (« Journal des modifications »), on the demo:
// the DUPONT family of the Conservatoire has two pupils, DUPONT Gérard (an adult, its first
// guardian) and DUPONT Léa (Piano and Formation musicale this year). Each entry about a pupil, or
// about something of a pupil, names them; the journal costs as many SQL statements whatever its
// number of entries. The demo's réinscription into 2027/2028 is open on the Conservatoire.

let server: TestServer
let secretariat: Client
let family: Client
let familyId: number
const pupils = { gerard: 0, lea: 0 }

interface Entry {
  what: string
  pupil: string
  detail: string
}

const journalUrl = () => `/api/staff/families/${familyId}/audit`
const journal = async (): Promise<Entry[]> => (await secretariat.read(journalUrl())).items

/** The id of the newest journal row: what a test wrote comes after it. */
const lastEntryId = async () =>
  Number((await server.db('audit_log').max({ id: 'id' }).first())?.id ?? 0)

/** The entries written since `after`, oldest first, as the journal words them. */
async function entriesSince(after: number): Promise<Entry[]> {
  const written = await server
    .db('audit_log')
    .where({ family_id: familyId })
    .where('id', '>', after)
    .count({ n: '*' })
    .first()
  return (await journal()).slice(0, Number(written?.n ?? 0)).reverse()
}

/** A staff change that must succeed; its body (none: 204). */
async function ok(answer: Promise<Answer>): Promise<{ id?: number; enrolmentId?: number }> {
  const res = await answer
  expect(res.statusCode, res.payload).toBeLessThan(300)
  return res.payload ? res.body : {}
}

interface Piece {
  pieceId: number
  name: string
  required: boolean
}

const tabUrl = (pupilId: number) => `/api/family/pupils/${pupilId}/reenrolment`

/** « Importer » on the family's Réinscription tab: a PDF for a pièce; the tab as answered. */
function give(pupilId: number, pieceId: number, fileName: string) {
  return ok(
    family.post(`${tabUrl(pupilId)}/pieces/${pieceId}`, FILES.pdf as unknown as object, {
      headers: {
        'content-type': 'application/octet-stream',
        [FILE_NAME_HEADER]: encodeURIComponent(fileName),
      },
    }),
  )
}

countStatements()
beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 0 })
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  family = asFamily(server, await familyCookie(server, 1, 'dupont1'))
  const rows = await server
    .db('pupils')
    .where({ last_name: 'DUPONT' })
    .whereIn('first_name', ['Gérard', 'Léa'])
    .select('id', 'first_name', 'family_id')
  for (const row of rows) pupils[row.first_name === 'Léa' ? 'lea' : 'gerard'] = row.id
  familyId = rows[0].family_id
  expect(rows.map((r) => r.family_id)).toEqual([familyId, familyId])
})
afterAll(async () => {
  await server.close()
})

describe('the family’s journal', () => {
  it('names the pupil of each entry about them or about one of their things', async () => {
    const since = await lastEntryId()
    const lines = await secretariat.read(`/api/staff/pupils/${pupils.lea}/enrolments`)
    const piano = lines.find((l: { course: string; active: boolean }) =>
      l.course.startsWith('Piano'),
    )
    expect(piano).toMatchObject({ active: true })
    // Gérard joins Léa's Formation musicale, then leaves it.
    const fm = lines.find((l: { course: string }) => l.course.startsWith('Formation musicale'))
    const joined = await ok(
      secretariat.post(`/api/staff/pupils/${pupils.gerard}/enrolments`, {
        courseId: fm.courseId,
        schoolYearId: fm.schoolYearId,
        startsOn: fm.startsOn,
      }),
    )
    const gerardFm = `/api/staff/enrolments/${joined.enrolmentId}`
    await ok(secretariat.put(`${gerardFm}/end`, { endsOn: fm.startsOn }))
    // Léa's Piano: an évaluation, one entered by mistake and deleted, a suivi note, a work.
    const pianoUrl = `/api/staff/enrolments/${piano.enrolmentId}`
    const date = piano.startsOn
    const evaluation = { date, kind: 'controle_continu', mark: 14 }
    await ok(secretariat.post(`${pianoUrl}/evaluations`, evaluation))
    const mistake = await ok(secretariat.post(`${pianoUrl}/evaluations`, evaluation))
    await ok(secretariat.del(`${pianoUrl}/evaluations/${mistake.id}`))
    await ok(secretariat.post(`${pianoUrl}/suivi`, { date, text: 'Bon travail des gammes.' }))
    await ok(
      secretariat.post(`/api/staff/pupils/${pupils.lea}/repertoire`, {
        schoolYearId: piano.schoolYearId,
        composer: 'Bach',
        title: 'Prélude en do',
      }),
    )
    // Gérard's record.
    await ok(
      secretariat.put(`/api/staff/pupils/${pupils.gerard}`, { values: { birthPlace: 'Brest' } }),
    )
    // The violin lent to Léa, then the loan taken back (billing rights: the administrator).
    const admin = asStaff(server, await staffCookie(server, 'admin'))
    const instruments = await admin.read('/api/staff/instruments')
    const violin = instruments.find((i: { name: string }) => i.name.startsWith('Violon'))
    const rentals = `/api/staff/families/${familyId}/rentals`
    const rental = await ok(
      admin.post(rentals, {
        instrumentId: violin.id,
        pupilId: pupils.lea,
        schoolYearId: piano.schoolYearId,
        startsOn: piano.startsOn,
        priceCents: 12_000,
        depositCents: 0,
      }),
    )
    await ok(admin.del(`${rentals}/${rental.id}`))

    expect((await entriesSince(since)).map((e) => [e.what, e.pupil])).toEqual([
      ['Inscription à un cours', 'DUPONT Gérard'],
      ['Fin d’une inscription à un cours', 'DUPONT Gérard'],
      ['Évaluation saisie', 'DUPONT Léa'],
      ['Évaluation saisie', 'DUPONT Léa'],
      ['Évaluation supprimée', 'DUPONT Léa'],
      ['Suivi saisi', 'DUPONT Léa'],
      ['Œuvre ajoutée au répertoire', 'DUPONT Léa'],
      ['Fiche de l’élève modifiée', 'DUPONT Gérard'],
      ['Location d’instrument enregistrée', 'DUPONT Léa'],
      ['Location d’instrument supprimée', 'DUPONT Léa'],
    ])
  })

  it('names the pupil of the réinscription’s entries, the family’s and the secretariat’s', async () => {
    const since = await lastEntryId()
    const tab = await family.read(tabUrl(pupils.gerard))
    const required = (tab.pieces as Piece[]).filter((p) => p.required)
    const optional = (tab.pieces as Piece[]).find((p) => !p.required)
    if (!optional) throw new Error('the demo campaign has no optional pièce')
    for (const piece of required) await give(pupils.gerard, piece.pieceId, 'justificatif.pdf')
    await give(pupils.gerard, optional.pieceId, 'avis.pdf')
    await ok(family.del(`${tabUrl(pupils.gerard)}/pieces/${optional.pieceId}`))
    const sent = await ok(
      family.put(tabUrl(pupils.gerard), {
        administrative: true,
        comment: '',
        lines: [],
        revision: (await family.read(tabUrl(pupils.gerard))).revision,
      }),
    )
    expect(sent).toMatchObject({ status: 'envoyee' })
    const request = await server
      .db('reenrolment_requests')
      .where({ pupil_id: pupils.gerard })
      .first('id')
    const review = await secretariat.read(`/api/staff/reenrolments/${request.id}`)
    const document = review.pieces.find((p: { document: unknown }) => p.document).document
    await ok(
      secretariat.put(`/api/staff/reenrolment-documents/${document.id}`, { decision: 'accepte' }),
    )
    await ok(
      secretariat.post(`/api/staff/reenrolments/${request.id}/validate`, {
        revision: review.revision,
        lines: [],
      }),
    )

    const entries = await entriesSince(since)
    expect(entries.map((e) => e.what)).toEqual([
      ...required.map(() => 'Document de réinscription importé'),
      'Document de réinscription importé',
      'Document de réinscription supprimé',
      'Réinscription envoyée',
      'Document de réinscription accepté',
      'Réinscription validée',
    ])
    expect(new Set(entries.map((e) => e.pupil))).toEqual(new Set(['DUPONT Gérard']))
  })

  it('says what the family did on its réinscription, in the words of its tab', async () => {
    const since = await lastEntryId()
    const tab = await family.read(tabUrl(pupils.lea))
    const required = (tab.pieces as Piece[]).filter((p) => p.required)
    const optional = (tab.pieces as Piece[]).find((p) => !p.required)
    const [first] = required
    if (!first || !optional) throw new Error('the demo campaign has no pièce to give')
    for (const piece of required) await give(pupils.lea, piece.pieceId, 'scan.pdf')
    await give(pupils.lea, first.pieceId, 'identité recto.pdf')
    await give(pupils.lea, optional.pieceId, 'avis 2025.pdf')
    await ok(family.del(`${tabUrl(pupils.lea)}/pieces/${optional.pieceId}`))
    // Formation musicale goes on as offered; Piano on Wednesday, one of its two groups.
    type Line = { enrolmentId: number; course: string; options: { courseId: number }[] }
    const lines = tab.lines as Line[]
    const wednesday = lines.find((l) => l.course.startsWith('Piano'))?.options[1]?.courseId
    expect(wednesday).toBeDefined()
    await ok(
      family.put(tabUrl(pupils.lea), {
        administrative: false,
        comment: '',
        lines: lines.map((l) => ({
          enrolmentId: l.enrolmentId,
          reenrol: true,
          courseId: l.course.startsWith('Piano') ? wednesday : null,
        })),
        revision: (await family.read(tabUrl(pupils.lea))).revision,
      }),
    )

    const words = (e: Entry) => [e.what, e.pupil, e.detail]
    const given = (p: Piece, file: string) => [
      'Document de réinscription importé',
      'DUPONT Léa',
      `pièce « ${p.name} » ; fichier « ${file} »`,
    ]
    expect((await entriesSince(since)).map(words)).toEqual([
      ...required.map((p) => given(p, 'scan.pdf')),
      [
        'Document de réinscription importé',
        'DUPONT Léa',
        `pièce « ${first.name} » ; fichier « identité recto.pdf » ; remplace « scan.pdf »`,
      ],
      given(optional, 'avis 2025.pdf'),
      [
        'Document de réinscription supprimé',
        'DUPONT Léa',
        `pièce « ${optional.name} » ; fichier « avis 2025.pdf »`,
      ],
      [
        'Réinscription envoyée',
        'DUPONT Léa',
        'cours : Formation musicale — 1er cycle, Piano — 1er cycle (mercredi) ; année 2027/2028',
      ],
    ])

    // Entries as written until now, with ids only (« Réinscription envoyée » without its courses):
    // worded from what the ids name, the courses being those of the lines ticked.
    const documents = await server
      .db('reenrolment_documents')
      .where({ pupil_id: pupils.lea, piece_id: first.pieceId })
      .orderBy('id')
      .select('id', 'request_id')
    const [scan, recto] = documents
    if (!scan || !recto) throw new Error('the document replaced is not kept')
    const before = await lastEntryId()
    const entry = (action: string, details: Record<string, unknown>) => ({
      at: server.clock.now().toISOString(),
      actor_type: 'family',
      actor_id: 1,
      action,
      entity_type: 'pupil',
      entity_id: pupils.lea,
      family_id: familyId,
      client_ip: '127.0.0.1',
      details: JSON.stringify(details),
    })
    const campaign = await server.db('reenrolment_campaigns').where({ site_id: 1 }).first('id')
    await server.db('audit_log').insert([
      entry('family.reenrolment_document_given', {
        pieceId: first.pieceId,
        documentId: recto.id,
        replaced: scan.id,
      }),
      entry('family.reenrolment_document_removed', {
        pieceId: first.pieceId,
        documentId: scan.id,
      }),
      entry('family.reenrolment_submitted', {
        campaignId: campaign.id,
        requestId: recto.request_id,
        administrative: true,
        reenrol: lines.map((l) => l.enrolmentId),
        revision: 1,
      }),
    ])
    expect((await entriesSince(before)).map(words)).toEqual([
      [
        'Document de réinscription importé',
        'DUPONT Léa',
        `pièce « ${first.name} » ; fichier « identité recto.pdf » ; remplace « scan.pdf »`,
      ],
      [
        'Document de réinscription supprimé',
        'DUPONT Léa',
        `pièce « ${first.name} » ; fichier « scan.pdf »`,
      ],
      [
        'Réinscription envoyée',
        'DUPONT Léa',
        'Réinscription administrative ; cours : Formation musicale — 1er cycle, Piano — 1er cycle ; année 2027/2028',
      ],
    ])
  })

  it('names the pupil of entries written before their details kept the pupil', async () => {
    // As the services wrote them until now: no pupilId; the pupil is found from the row named.
    const enrolment = await server.db('enrolments').where({ pupil_id: pupils.lea }).first('id')
    const evaluation = await server
      .db('evaluations')
      .join('enrolments', 'enrolments.id', 'evaluations.enrolment_id')
      .where('enrolments.pupil_id', pupils.lea)
      .first('evaluations.id')
    const since = await lastEntryId()
    const entry = (action: string, entityType: string, entityId: number) => ({
      at: server.clock.now().toISOString(),
      actor_type: 'staff',
      actor_id: 1,
      action,
      entity_type: entityType,
      entity_id: entityId,
      family_id: familyId,
      client_ip: '127.0.0.1',
      details: JSON.stringify({ course: 'Piano — 1er cycle' }),
    })
    await server
      .db('audit_log')
      .insert([
        entry('staff.enrolment_cycle_changed', 'enrolment', enrolment.id),
        entry('staff.evaluation_updated', 'evaluation', evaluation.id),
        entry('staff.guardian_updated', 'guardian', 1),
        entry('staff.evaluation_deleted', 'evaluation', 999_999),
      ])
    expect((await entriesSince(since)).map((e) => [e.what, e.pupil])).toEqual([
      ['Cycle modifié', 'DUPONT Léa'],
      ['Évaluation modifiée', 'DUPONT Léa'],
      ['Fiche du responsable modifiée', ''],
      // Deleted before its pupil was recorded: nothing left to name them by.
      ['Évaluation supprimée', ''],
    ])
  })

  it('writes a mark as the rest of the back office does, out of 20', async () => {
    const piano = (await secretariat.read(`/api/staff/pupils/${pupils.lea}/enrolments`)).find(
      (l: { course: string }) => l.course.startsWith('Piano'),
    )
    const since = await lastEntryId()
    await ok(
      secretariat.post(`/api/staff/enrolments/${piano.enrolmentId}/evaluations`, {
        date: piano.startsOn,
        kind: 'audition',
        mark: 16.5,
        mention: 'Bien',
      }),
    )
    const [entry] = await entriesSince(since)
    expect(entry?.detail).toContain('Audition ; note 16,5/20 ; Bien')
  })

  it('costs as many SQL statements with a hundred more entries', async () => {
    const few = await statementsOfGet(secretariat, journalUrl())
    const piano = (await secretariat.read(`/api/staff/pupils/${pupils.lea}/enrolments`)).find(
      (l: { course: string }) => l.course.startsWith('Piano'),
    )
    for (let i = 0; i < 50; i += 1) {
      await ok(
        secretariat.post(`/api/staff/enrolments/${piano.enrolmentId}/suivi`, {
          date: piano.startsOn,
          text: `Note ${i}`,
        }),
      )
      await ok(
        secretariat.put(`/api/staff/pupils/${pupils.gerard}`, {
          values: { birthPlace: `Brest ${i}` },
        }),
      )
    }
    expect((await journal()).filter((e) => e.pupil).length).toBeGreaterThan(100)
    expect(await statementsOfGet(secretariat, journalUrl())).toBe(few)
    // The entries and their pupils are read in one statement: a handful in all.
    expect(few).toBeLessThanOrEqual(6)
  })
})
