import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_DOCUMENT_BYTES, REENROLMENT_MESSAGES as M } from '../../db/rules/reenrolment.ts'
import { createNextSchoolYear } from '../../db/services/pedagogy/school-years.ts'
import { FILE_NAME_HEADER } from '../../extranet/api/reenrolment-types.ts'
import { asFamily, familyCookie, type Client } from '../support/api.ts'
import { clearDemoReenrolment, FILES, makeCampaign } from '../support/reenrolment.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { countStatements, statementsOf, statementsOfGet } from '../support/statements.ts'

// The family's Réinscription tab over HTTP, on the demo (site 1: the DUPONT family of Gérard,
// without course, and Léa, Piano and Formation musicale, with two guardians; ABOLANT Adrien in
// another family; TORRICE on site 2), with a campaign into 2027/2028 set up here.

const HOUR = 3_600_000
const DAY = 24 * HOUR

let server: TestServer
let dupont1: Client
let dupont2: Client
let abolant: Client
let torrice: Client
let nextYearId: number
let campaign: { id: number; pieceIds: number[] }
let otherCampaign: { id: number; pieceIds: number[] }
const pupils = { gerard: 1, lea: 2, adrien: 3, emilie: 4 }
const enrolments = { leaPiano: 13, leaFm: 14, adrienTrompette: 5 }

/** A file as « Importer » sends it (the family client's postFile): its bytes, its name in a header. */
function fileBody(fileName: string, content: Buffer) {
  return {
    payload: content,
    headers: {
      'content-type': 'application/octet-stream',
      [FILE_NAME_HEADER]: encodeURIComponent(fileName),
    },
  }
}

const pieceUrl = (pupilId: number, pieceId: number) =>
  `/api/family/pupils/${pupilId}/reenrolment/pieces/${pieceId}`

async function upload(
  client: Client,
  pupilId: number,
  pieceId: number,
  name: string,
  bytes: Buffer,
) {
  const { payload, headers } = fileBody(name, bytes)
  return client.post(pieceUrl(pupilId, pieceId), payload as unknown as object, { headers })
}

const documents = () => server.db('reenrolment_documents').orderBy('id')
const uploadsLeft = () => fs.readdirSync(path.join(server.dataDir, 'uploads'))
const documentFiles = () => {
  const dir = path.join(server.dataDir, 'documents')
  return fs.existsSync(dir) ? fs.readdirSync(dir) : []
}
const acknowledgements = () => server.db('outbox').where({ kind: 'reenrolment_acknowledgement' })

// Counted on the connection, which is wrapped when it opens (see the statements' test below).
countStatements()
beforeAll(async () => {
  server = await startTestServer()
  // This file builds its own campaigns, from a demo without the demo's réinscription.
  await clearDemoReenrolment(server.db, server.dataDir)
  const admin = await server.db('staff_users').where({ login: 'admin' }).first('id')
  const actor = { staffUserId: admin.id, clientIp: '127.0.0.1', clock: server.clock }
  const { schoolYear } = await server.db.transaction((trx) => createNextSchoolYear(trx, {}, actor))
  nextYearId = schoolYear.id
  const now = server.clock.now().getTime()
  campaign = await makeCampaign(server.db, {
    siteId: 1,
    schoolYearId: nextYearId,
    opensAt: new Date(now + HOUR).toISOString(),
    closesAt: new Date(now + 10 * DAY).toISOString(),
    message: 'Réinscriptions ouvertes jusqu’au 30 juin.',
    pieces: [
      { name: 'justif. d’identité', required: true },
      { name: 'copie de l’avis d’imposition', required: false },
      {
        name: 'certificat médical (Danse)',
        required: true,
        appliesTo: 'departement',
        departmentId: 2,
      },
    ],
  })
  otherCampaign = await makeCampaign(server.db, {
    siteId: 2,
    schoolYearId: nextYearId,
    opensAt: new Date(now + HOUR).toISOString(),
    closesAt: new Date(now + 10 * DAY).toISOString(),
    pieces: [{ name: 'attestation d’assurance' }],
  })
  await logIn()
})

/** Sessions for every family (again after the clock moved past their idle timeout). */
async function logIn(): Promise<void> {
  dupont1 = asFamily(server, await familyCookie(server, 1, 'dupont1'))
  dupont2 = asFamily(server, await familyCookie(server, 1, 'dupont2'))
  abolant = asFamily(server, await familyCookie(server, 1, 'abolant1'))
  torrice = asFamily(server, await familyCookie(server, 2, 'torrice1'))
}
afterAll(async () => {
  await server.close()
})

describe('the Réinscription tab of the family', () => {
  it('shows only from the opening, to both guardians alike', async () => {
    expect(await dupont1.read('/api/family/reenrolment')).toEqual({ campaign: null })
    const early = await dupont1.get(`/api/family/pupils/${pupils.lea}/reenrolment`)
    expect([early.statusCode, early.body.message]).toEqual([404, M.notOpen])
    server.clock.advance(2 * HOUR)
    await logIn()
    for (const client of [dupont1, dupont2]) {
      const { campaign: open } = await client.read('/api/family/reenrolment')
      expect(open).toMatchObject({
        schoolYearLabel: '2027/2028',
        message: expect.stringContaining('30 juin'),
      })
    }
    const a = await dupont1.read(`/api/family/pupils/${pupils.lea}/reenrolment`)
    const b = await dupont2.read(`/api/family/pupils/${pupils.lea}/reenrolment`)
    expect(b).toEqual(a)
    expect(a.lines.map((l: { course: string }) => l.course)).toEqual([
      'Formation musicale — 1er cycle',
      'Piano — 1er cycle',
    ])
    expect(a.lines[0]).toMatchObject({ cursus: expect.any(String), active: true, reenrol: false })
    expect(a.lines[0].options[0]).toMatchObject({
      continues: true,
      label: 'Formation musicale — 1er cycle',
    })
    // The Danse certificate does not apply to a pianist.
    expect(a.pieces.map((p: { name: string }) => p.name)).toEqual([
      'justif. d’identité',
      'copie de l’avis d’imposition',
    ])
    expect(a.pieces[0]).toMatchObject({ stateLabel: 'A fournir', document: null, required: true })
    expect(a).toMatchObject({ status: null, revision: 0, mayChange: true, administrative: false })
    const gerard = await dupont1.read(`/api/family/pupils/${pupils.gerard}/reenrolment`)
    expect(gerard.lines).toEqual([])
  })

  it('answers nothing without a session', async () => {
    const anonymous = asFamily(server)
    for (const res of [
      await anonymous.get('/api/family/reenrolment'),
      await anonymous.get(`/api/family/pupils/${pupils.lea}/reenrolment`),
      await anonymous.put(`/api/family/pupils/${pupils.lea}/reenrolment`, {}),
      await upload(anonymous, pupils.lea, campaign.pieceIds[0] as number, 'a.pdf', FILES.pdf),
      await anonymous.del(pieceUrl(pupils.lea, campaign.pieceIds[0] as number)),
      await anonymous.get('/api/family/documents/1'),
    ]) {
      expect(res.statusCode).toBe(401)
    }
    // Refused before its body is read: nothing written.
    expect(uploadsLeft()).toEqual([])
  })

  it('refuses another family’s pupil, document or pièce (404)', async () => {
    const files = documentFiles()
    for (const res of [
      await abolant.get(`/api/family/pupils/${pupils.lea}/reenrolment`),
      await torrice.get(`/api/family/pupils/${pupils.lea}/reenrolment`),
      await abolant.put(`/api/family/pupils/${pupils.lea}/reenrolment`, {
        administrative: true,
        comment: '',
        lines: [],
        revision: 0,
      }),
      await upload(abolant, pupils.lea, campaign.pieceIds[0] as number, 'a.pdf', FILES.pdf),
      await abolant.del(pieceUrl(pupils.lea, campaign.pieceIds[0] as number)),
    ]) {
      expect(res.statusCode).toBe(404)
      expect(res.body.message).toBe(M.notYourPupil)
    }
    // A pièce of the other site's campaign, one that does not apply to the pupil.
    for (const pieceId of [otherCampaign.pieceIds[0], campaign.pieceIds[2]] as number[]) {
      const res = await upload(dupont1, pupils.lea, pieceId, 'a.pdf', FILES.pdf)
      expect([res.statusCode, res.body.message]).toEqual([404, M.pieceUnknown])
    }
    expect(await documents()).toEqual([])
    expect(uploadsLeft()).toEqual([])
    // The file moved into DATA_DIR/documents before the refusal is gone too.
    expect(documentFiles()).toEqual(files)
  })

  it('refuses a body that is not a file, or a name not encoded, in French, with no file left', async () => {
    const piece = campaign.pieceIds[0] as number
    const json = await dupont1.post(pieceUrl(pupils.lea, piece), { file: 'a.pdf' })
    expect(json.statusCode).toBe(415)
    const boundary = '----porteeTestBoundary7MA4YWxk'
    const form = await dupont1.post(pieceUrl(pupils.lea, piece), `--${boundary}--\r\n`, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(form.statusCode).toBe(415)
    // « é » in Latin-1, not UTF-8: the name cannot be read back.
    const { payload, headers } = fileBody('a.pdf', FILES.pdf)
    const badName = await dupont1.post(pieceUrl(pupils.lea, piece), payload as unknown as object, {
      headers: { ...headers, [FILE_NAME_HEADER]: 'r%E9sum%E9.pdf' },
    })
    const unreadable = 'Les données envoyées sont incorrectes. Vérifiez votre saisie.'
    expect([badName.statusCode, badName.body.message, badName.body.details]).toEqual([
      400,
      unreadable,
      { file: unreadable },
    ])
    expect(uploadsLeft()).toEqual([])
    expect(await documents()).toEqual([])
  })

  it('checks a file by its bytes: each bad one refused in French, nothing stored, no file left', async () => {
    const piece = campaign.pieceIds[0] as number
    const cases: [string, Buffer, string][] = [
      ['programme.pdf', FILES.exe, M.wrongType],
      ['facture.pdf', FILES.html, M.wrongType],
      ['vide.pdf', Buffer.alloc(0), M.emptyFile],
      ['coupe.pdf', FILES.truncatedPdf, M.truncated],
      ['photo.png', FILES.png.subarray(0, FILES.png.length - 4), M.truncated],
      ['photo.jpg', FILES.jpeg.subarray(0, FILES.jpeg.length - 2), M.truncated],
      [
        'gros.pdf',
        Buffer.concat([FILES.pdf, Buffer.alloc(MAX_DOCUMENT_BYTES + 1024 * 1024)]),
        M.tooBig,
      ],
    ]
    for (const [name, bytes, message] of cases) {
      const res = await upload(dupont1, pupils.lea, piece, name, bytes)
      expect(res.statusCode, name).toBe(message === M.tooBig ? 413 : 400)
      expect(res.body.message, name).toBe(message)
      expect(uploadsLeft(), name).toEqual([])
    }
    expect(await documents()).toEqual([])
    expect(documentFiles()).toEqual([])
    expect(await server.db('reenrolment_requests')).toEqual([])
  })

  it('stores a document under a generated name, replaces it, serves it only to the family', async () => {
    const piece = campaign.pieceIds[0] as number
    const res = await upload(dupont1, pupils.lea, piece, 'Carte d’identité été.pdf', FILES.pdf)
    expect(res.statusCode).toBe(200)
    const [doc] = await documents()
    expect(doc).toMatchObject({
      file_name: 'Carte d’identité été.pdf',
      mime_type: 'application/pdf',
    })
    expect(doc.stored_name).toMatch(/^[0-9a-f]{32}\.pdf$/)
    expect(documentFiles()).toEqual([doc.stored_name])
    expect(uploadsLeft()).toEqual([])
    expect(res.body.status).toBe('brouillon')
    expect(res.body.revision).toBe(1)
    expect(res.body.pieces[0]).toMatchObject({
      stateLabel: 'Fourni',
      document: { id: doc.id, fileName: 'Carte d’identité été.pdf', sizeMo: '< 0,01' },
    })
    expect(res.body.pieces[0].document.date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
    const file = await dupont2.get(`/api/family/documents/${doc.id}`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['x-content-type-options']).toBe('nosniff')
    expect(file.headers['content-disposition']).toBe(
      'attachment; filename="Carte d_identit_ _t_.pdf"; ' +
        "filename*=UTF-8''Carte%20d%E2%80%99identit%C3%A9%20%C3%A9t%C3%A9.pdf",
    )
    expect(file.rawPayload.equals(FILES.pdf)).toBe(true)
    const foreign = await abolant.get(`/api/family/documents/${doc.id}`)
    expect(foreign.statusCode).toBe(404)
    // A file gone from the disk: 404 too, not an error of the server.
    const stored = path.join(server.dataDir, 'documents', doc.stored_name)
    fs.renameSync(stored, `${stored}.ailleurs`)
    expect((await dupont1.get(`/api/family/documents/${doc.id}`)).statusCode).toBe(404)
    fs.renameSync(`${stored}.ailleurs`, stored)
    // Replaced by a photo: the old row and its file stay.
    const again = await upload(dupont2, pupils.lea, piece, 'photo.png', FILES.png)
    expect(again.body.pieces[0].document).toMatchObject({
      fileName: 'photo.png',
      mimeType: 'image/png',
    })
    const rows = await documents()
    expect(rows.map((r) => r.removed_at === null)).toEqual([false, true])
    expect(documentFiles().sort()).toEqual(rows.map((r) => r.stored_name).sort())
  })

  it('« Supprimer » takes the document off the tab and keeps its file; an accepted one stays', async () => {
    const piece = campaign.pieceIds[1] as number
    await upload(dupont1, pupils.lea, piece, 'avis.jpg', FILES.jpeg)
    const removed = await dupont1.del(pieceUrl(pupils.lea, piece))
    expect(removed.statusCode).toBe(200)
    expect(removed.body.pieces[1]).toMatchObject({ document: null, stateLabel: 'A fournir' })
    expect(documentFiles()).toHaveLength(3)
    const none = await dupont1.del(pieceUrl(pupils.lea, piece))
    expect([none.statusCode, none.body.message]).toEqual([404, M.noDocument])
    await upload(dupont1, pupils.lea, piece, 'avis.jpg', FILES.jpeg)
    await server
      .db('reenrolment_documents')
      .where({ piece_id: piece })
      .whereNull('removed_at')
      .update({ state: 'accepte' })
    for (const res of [
      await dupont1.del(pieceUrl(pupils.lea, piece)),
      await upload(dupont1, pupils.lea, piece, 'autre.pdf', FILES.pdf),
    ]) {
      expect([res.statusCode, res.body.message]).toEqual([409, M.documentAccepted])
    }
    expect(uploadsLeft()).toEqual([])
  })
})

const tabUrl = (pupilId: number) => `/api/family/pupils/${pupilId}/reenrolment`

describe('« Valider »', () => {
  const lea = (revision: number, extra: object = {}) => ({
    administrative: false,
    comment: 'Léa voudrait aussi essayer la harpe.',
    lines: [
      { enrolmentId: enrolments.leaPiano, reenrol: true, courseId: null },
      { enrolmentId: enrolments.leaFm, reenrol: false, courseId: null },
    ],
    revision,
    ...extra,
  })

  it('refuses with nothing saved: nothing chosen, another’s course, a course not offered, a long text, a missing pièce', async () => {
    const { revision } = await dupont1.read(tabUrl(pupils.lea))
    const before = await server.db('reenrolment_requests').where({ pupil_id: pupils.lea }).first()
    const refusals: [object, number, string][] = [
      [{ lines: [] }, 400, M.nothingChosen],
      [
        { lines: [{ enrolmentId: enrolments.adrienTrompette, reenrol: true, courseId: null }] },
        404,
        M.notYourCourse,
      ],
      [
        { lines: [{ enrolmentId: enrolments.leaPiano, reenrol: true, courseId: 1 }] },
        400,
        M.courseNotOffered,
      ],
      [{ comment: 'x'.repeat(2001) }, 400, M.commentTooLong],
    ]
    for (const [change, status, message] of refusals) {
      const res = await dupont1.put(tabUrl(pupils.lea), lea(revision, change))
      expect([res.statusCode, res.body.message]).toEqual([status, message])
    }
    // Gérard, administrative only, without his required pièce.
    const gerard = await dupont1.put(tabUrl(pupils.gerard), {
      administrative: true,
      comment: '',
      lines: [],
      revision: 0,
    })
    expect([gerard.statusCode, gerard.body.message]).toEqual([
      400,
      M.missingPieces(['justif. d’identité']),
    ])
    expect(await server.db('reenrolment_requests').where({ pupil_id: pupils.lea }).first()).toEqual(
      before,
    )
    expect(await server.db('reenrolment_requests').where({ pupil_id: pupils.gerard })).toEqual([])
    expect(await server.db('reenrolment_lines')).toEqual([])
    expect(await acknowledgements()).toEqual([])
  })

  it('accepts one of two « Valider » sent at once with the same revision, and mails one acknowledgement', async () => {
    const { revision } = await dupont1.read(tabUrl(pupils.lea))
    const [a, b] = await Promise.all([
      dupont1.put(tabUrl(pupils.lea), lea(revision)),
      dupont2.put(tabUrl(pupils.lea), lea(revision, { administrative: true })),
    ])
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409])
    const refused = a?.statusCode === 409 ? a : b
    expect(refused?.body.message).toBe(M.stale)
    const tab = (a?.statusCode === 200 ? a : b)?.body
    expect(tab).toMatchObject({
      status: 'envoyee',
      statusLabel: 'Réinscription en attente de validation',
      revision: revision + 1,
      comment: 'Léa voudrait aussi essayer la harpe.',
    })
    expect(tab.lines.map((l: { reenrol: boolean }) => l.reenrol)).toEqual([false, true])
    const mails = await acknowledgements()
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe(
      'Réinscription 2027/2028 de Léa DUPONT : accusé de réception — Conservatoire',
    )
    expect(mails[0].text).toContain('Poursuite du cours : Piano — 1er cycle')
    expect(mails[0].text).toContain('va l’examiner puis la valider')
    const audit = await server.db('audit_log').where({ action: 'family.reenrolment_submitted' })
    expect(audit).toHaveLength(1)
  })

  it('refuses « Valider » sent again unchanged (no second acknowledgement), and takes a change', async () => {
    const { revision } = await dupont1.read(tabUrl(pupils.lea))
    const before = await server.db('reenrolment_requests').where({ pupil_id: pupils.lea }).first()
    const twice = await dupont2.put(tabUrl(pupils.lea), lea(revision))
    expect([twice.statusCode, twice.body.message]).toEqual([409, M.unchanged])
    expect(await server.db('reenrolment_requests').where({ pupil_id: pupils.lea }).first()).toEqual(
      before,
    )
    expect(await acknowledgements()).toHaveLength(1)
    // Each part counts as a change: the box, a line, the comment.
    const changes = [
      { administrative: true },
      {
        lines: [
          { enrolmentId: enrolments.leaPiano, reenrol: true, courseId: null },
          { enrolmentId: enrolments.leaFm, reenrol: true, courseId: null },
        ],
      },
      { comment: 'Léa voudrait aussi essayer la harpe, le mardi.' },
    ]
    for (const [i, change] of changes.entries()) {
      const changed = await dupont2.put(tabUrl(pupils.lea), lea(revision + i, change))
      expect(changed.statusCode).toBe(200)
      expect(await acknowledgements()).toHaveLength(2 + i)
    }
    // A document given since the last « Valider » is a change too (a refused one replaced).
    const last = changes.at(-1) ?? {}
    const piece = campaign.pieceIds[0] as number
    expect(
      (await upload(dupont1, pupils.lea, piece, 'carte-recto.pdf', FILES.pdf)).statusCode,
    ).toBe(200)
    const { revision: now } = await dupont1.read(tabUrl(pupils.lea))
    const withDocument = await dupont1.put(tabUrl(pupils.lea), lea(now, last))
    expect(withDocument.statusCode).toBe(200)
    expect(await acknowledgements()).toHaveLength(5)
    const again = await dupont1.put(tabUrl(pupils.lea), lea(now + 1, last))
    expect([again.statusCode, again.body.message]).toEqual([409, M.unchanged])
    // A document the conservatoire refused waits for the family's new file: said so.
    const request = await server.db('reenrolment_requests').where({ pupil_id: pupils.lea }).first()
    await server
      .db('reenrolment_documents')
      .where({ request_id: request.id })
      .whereNull('removed_at')
      .update({ state: 'refuse', refusal_reason: 'Illisible' })
    const waiting = await dupont1.put(tabUrl(pupils.lea), lea(now + 1, last))
    expect([waiting.statusCode, waiting.body.message]).toEqual([409, M.unchangedRefused])
    expect(await acknowledgements()).toHaveLength(5)
  })

  it('lets the family change it while it waits, chosing among the courses offered', async () => {
    // Next year, Léa's Piano course is split into two groups: the family may choose either. A
    // Piano course that does not continue hers is not offered (staff may place her there).
    const { course_id: leaPiano } = await server
      .db('enrolments')
      .where({ id: enrolments.leaPiano })
      .first('course_id')
    const piano = await server
      .db('courses')
      .where({ school_year_id: nextYearId, previous_course_id: leaPiano })
      .first()
    const [other, unrelated] = await server
      .db('courses')
      .insert([
        {
          ...piano,
          id: undefined,
          label: 'Piano — 1er cycle (mercredi)',
          weekday: 3,
          start_time: '14:00',
          duration_minutes: 45,
        },
        { ...piano, id: undefined, label: 'Piano — atelier', previous_course_id: null },
      ])
      .returning('id')
    const tab = await dupont2.read(tabUrl(pupils.lea))
    const sent = (await acknowledgements()).length
    const pianoLine = tab.lines.find(
      (l: { enrolmentId: number }) => l.enrolmentId === enrolments.leaPiano,
    )
    expect(pianoLine.options).toEqual([
      {
        courseId: piano.id,
        label: 'Piano — 1er cycle',
        continues: true,
        detail: 'A. FAURE, vendredi 18:00–18:30',
      },
      {
        courseId: other.id,
        label: 'Piano — 1er cycle (mercredi)',
        continues: true,
        detail: 'A. FAURE, mercredi 14:00–14:45',
      },
    ])
    const notOffered = await dupont2.put(tabUrl(pupils.lea), {
      ...lea(tab.revision),
      lines: [{ enrolmentId: enrolments.leaPiano, reenrol: true, courseId: unrelated.id }],
    })
    expect([notOffered.statusCode, notOffered.body.message]).toEqual([400, M.courseNotOffered])
    const res = await dupont2.put(tabUrl(pupils.lea), {
      ...lea(tab.revision),
      lines: [{ enrolmentId: enrolments.leaPiano, reenrol: true, courseId: other.id }],
    })
    expect(res.statusCode).toBe(200)
    expect(
      res.body.lines.find((l: { enrolmentId: number }) => l.enrolmentId === enrolments.leaPiano)
        .courseId,
    ).toBe(other.id)
    expect(await acknowledgements()).toHaveLength(sent + 1)
  })

  it('offers, for a course that nothing continues next year, the courses of its site and discipline', async () => {
    // Léa's Formation musicale course is not copied into next year (its copy archived): the tab
    // offers next year's Formation musicale courses of the Conservatoire, none as the one that
    // continues hers; her Piano course keeps the two groups that continue it.
    const fm = await server
      .db('enrolments as e')
      .join('courses as c', 'c.id', 'e.course_id')
      .where('e.id', enrolments.leaFm)
      .first('c.id', 'c.site_id', 'c.discipline_id')
    const copy = { school_year_id: nextYearId, previous_course_id: fm.id }
    await server.db('courses').where(copy).update({ archived_at: server.clock.now().toISOString() })
    try {
      const offered = await server
        .db('courses')
        .where({ school_year_id: nextYearId, site_id: fm.site_id, discipline_id: fm.discipline_id })
        .whereNull('archived_at')
        .pluck('id')
      expect(offered.length).toBeGreaterThan(0)
      const tab = await dupont1.read(tabUrl(pupils.lea))
      const line = (id: number) =>
        tab.lines.find((l: { enrolmentId: number }) => l.enrolmentId === id)
      const fmOptions = line(enrolments.leaFm).options
      const ids = fmOptions.map((o: { courseId: number }) => o.courseId)
      expect([ids.length, new Set(ids)]).toEqual([offered.length, new Set(offered)])
      // By title (groups of a title by teacher, day and time).
      const titles = fmOptions.map((o: { label: string }) => o.label)
      expect(titles).toEqual(titles.toSorted(new Intl.Collator('fr').compare))
      expect(new Set(titles).size).toBeGreaterThan(1)
      expect(fmOptions.filter((o: { continues: boolean }) => o.continues)).toEqual([])
      expect(
        line(enrolments.leaPiano).options.map((o: { continues: boolean }) => o.continues),
      ).toEqual([true, true])
    } finally {
      await server.db('courses').where(copy).update({ archived_at: null })
    }
  })

  it('keeps every required pièce of a request sent: « Supprimer » refused, « Importer » replaces', async () => {
    const piece = campaign.pieceIds[0] as number // justif. d’identité, required
    const before = await dupont1.read(tabUrl(pupils.lea))
    expect(before.status).toBe('envoyee')
    const kept = await documents()
    const removed = await dupont1.del(pieceUrl(pupils.lea, piece))
    expect([removed.statusCode, removed.body.message]).toEqual([409, M.requiredAfterSubmit])
    expect(await documents()).toEqual(kept)
    expect((await dupont1.read(tabUrl(pupils.lea))).revision).toBe(before.revision)
    const replaced = await upload(dupont1, pupils.lea, piece, 'identite.pdf', FILES.pdf)
    expect(replaced.statusCode).toBe(200)
    expect(replaced.body.status).toBe('envoyee')
    expect(replaced.body.pieces[0].document).toMatchObject({ fileName: 'identite.pdf' })
  })

  it('refuses any change once decided', async () => {
    await server
      .db('reenrolment_requests')
      .where({ pupil_id: pupils.lea })
      .update({ status: 'refusee', refusal_reason: 'Dossier incomplet' })
    const tab = await dupont1.read(tabUrl(pupils.lea))
    expect(tab).toMatchObject({
      status: 'refusee',
      refusalReason: 'Dossier incomplet',
      mayChange: false,
    })
    const files = documentFiles()
    for (const res of [
      await dupont1.put(tabUrl(pupils.lea), lea(tab.revision)),
      await upload(dupont1, pupils.lea, campaign.pieceIds[0] as number, 'a.pdf', FILES.pdf),
    ]) {
      expect([res.statusCode, res.body.message]).toEqual([409, M.decided])
    }
    expect(documentFiles()).toEqual(files)
    await server
      .db('reenrolment_requests')
      .where({ pupil_id: pupils.lea })
      .update({ status: 'envoyee', refusal_reason: '' })
  })

  it('costs the same few statements for a pupil without course as for one with courses, pièces and documents, but for the documents of a request; one read again, the first alone', async () => {
    const url = (pupilId: number) => tabUrl(pupilId)
    // Read twice (the session remembered, the campaign's pièces and the pupil's tab kept): what
    // was kept is read again.
    const again = (pupilId: number) => statementsOfGet(dupont1, url(pupilId))
    // The pupil's courses changed (by staff, by another connection): its lines read again.
    const changed = async (pupilId: number) => {
      await server
        .db('pupils')
        .where({ id: pupilId })
        .update({ courses_revision: server.db.raw('courses_revision + 1') })
      // Any write sends the session's check back to the database once (SessionMemory).
      await dupont1.read('/api/family/home')
      return statementsOf(async () => {
        expect((await dupont1.get(url(pupilId))).statusCode).toBe(200)
      })
    }
    // BEGIN, the pupil with the campaign, the request and the revisions of what the tab is made
    // of, COMMIT: the lines and pièces are those kept (kept-tabs.ts).
    expect(await again(pupils.gerard)).toBe(3)
    expect(await again(pupils.lea)).toBe(3)
    // Changed: the lines with the courses of next year that continue them too; and the request's
    // documents when there is a request (Léa's). The campaign's pièces are read once
    // (kept-pieces.ts), for all.
    expect(await changed(pupils.gerard)).toBe(4)
    expect(await changed(pupils.lea)).toBe(5)
  })

  it('refuses after the closing, with nothing saved; the tab is gone', async () => {
    server.clock.advance(10 * DAY)
    await logIn()
    const before = await server.db('reenrolment_requests').orderBy('id')
    const files = documentFiles()
    const res = await dupont1.put(
      tabUrl(pupils.lea),
      lea(before[0].revision, { administrative: true }),
    )
    expect([res.statusCode, res.body.message]).toEqual([409, M.closed])
    const file = await upload(
      dupont1,
      pupils.lea,
      campaign.pieceIds[1] as number,
      'a.pdf',
      FILES.pdf,
    )
    expect([file.statusCode, file.body.message]).toEqual([409, M.closed])
    expect(uploadsLeft()).toEqual([])
    expect(documentFiles()).toEqual(files)
    expect(await server.db('reenrolment_requests').orderBy('id')).toEqual(before)
    expect(await dupont1.read('/api/family/reenrolment')).toEqual({ campaign: null })
    expect((await dupont1.get(tabUrl(pupils.lea))).statusCode).toBe(404)
  })
})
