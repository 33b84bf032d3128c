// A pupil's Documents tab (seed 004 « Mes documents »): the documents the family uploaded for the
// réinscription, and the attestation d'inscription of each year, a PDF the server makes, read back
// here as text. A family reaches only its own pupils; staff, the pupils of their sites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, asStaff, familyCookie, staffCookie, type Client } from '../support/api.ts'
import { pdfText } from '../support/pdf.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer
let abolant: Client
let admin: Client
let adrien: number
let lea: number

async function pupilId(lastName: string, firstName: string): Promise<number> {
  const row = await server
    .db('pupils')
    .where({
      last_name: lastName,
      first_name: firstName,
      family_id: lastName === 'ABOLANT' ? 2 : 1,
    })
    .first<{ id: number }>('id')
  return row.id
}

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 40 })
  abolant = asFamily(server, await familyCookie(server, 1, 'abolant1'))
  admin = asStaff(server, await staffCookie(server, 'admin'))
  adrien = await pupilId('ABOLANT', 'Adrien')
  lea = await pupilId('DUPONT', 'Léa')
})
afterAll(() => server.close())

describe('the attestation d’inscription', () => {
  it('is listed for every year the pupil was enrolled in, latest first', async () => {
    const docs = await abolant.read(`/api/family/pupils/${adrien}/documents`)
    expect(docs.attestations.map((a: { schoolYear: string }) => a.schoolYear)).toEqual([
      '2026/2027',
      '2025/2026',
      '2024/2025',
    ])
    expect(docs.attestations[0]).toMatchObject({
      title: 'Attestation d’inscription 2026/2027',
      fileName: 'attestation-inscription-2026-2027-abolant-adrien.pdf',
      url: expect.stringMatching(/^\/api\/family\/pupils\/\d+\/attestations\/\d+$/),
    })
  })

  it('is a PDF attachment with the pupil, the year, the courses and the day it was made', async () => {
    const docs = await abolant.read(`/api/family/pupils/${adrien}/documents`)
    const res = await abolant.get(docs.attestations[0].url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="attestation-inscription-2026-2027-abolant-adrien.pdf"',
    )
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = await pdfText(res.rawPayload)
    const birth = await server.db('pupils').where({ id: adrien }).first('birth_date')
    const [y, m, d] = String(birth.birth_date).split('-')
    for (const expected of [
      'Le Conservatoire de musique, danse et théâtre du Golfe atteste que l’élève',
      '12 avenue des Arts',
      '83310 COGOLIN',
      'Attestation d’inscription',
      'ABOLANT Adrien',
      `né le ${d}/${m}/${y}`,
      'est inscrit pour l’année scolaire 2026/2027',
      'Année scolaire 2026/2027',
      'Trompette',
      'Ensemble de cuivres',
      'G. BRANTOME',
      'T. BAMELONG',
      'Musique cursus diplômant — 3C3',
    ])
      expect(text).toContain(expected)
    const today = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris' }).format(
      server.clock.now(),
    )
    expect(text).toContain(`Fait à Cogolin, le ${today}`)
    expect(text).not.toContain('3C2')
    // The conservatoire is named once: its site's legal name is the same.
    expect(text.split('Conservatoire de musique, danse et théâtre du Golfe')).toHaveLength(3)
  })

  it('of an earlier year names that year’s cycle', async () => {
    const docs = await admin.read(`/api/staff/pupils/${adrien}/documents`)
    const last = docs.attestations.find((a: { schoolYear: string }) => a.schoolYear === '2025/2026')
    expect(last.url).toMatch(/^\/api\/staff\/pupils\/\d+\/attestations\/\d+$/)
    const res = await admin.get(last.url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    const text = await pdfText(res.rawPayload)
    expect(text).toContain('Année scolaire 2025/2026')
    expect(text).toContain('3C2')
  })

  it('is refused for another family’s pupil, and for a year without courses', async () => {
    const year = await server.db('school_years').where({ label: '2026/2027' }).first('id')
    const other = await abolant.get(`/api/family/pupils/${lea}/attestations/${year.id}`)
    expect(other.statusCode).toBe(404)
    expect(other.body.message).toBe('Cette fiche est introuvable.')
    expect((await abolant.get(`/api/family/pupils/${lea}/documents`)).statusCode).toBe(404)
    const next = await server.db('school_years').where({ label: '2027/2028' }).first('id')
    const none = await abolant.get(`/api/family/pupils/${adrien}/attestations/${next.id}`)
    expect(none.statusCode).toBe(404)
    expect(none.body.message).toBe('Cet élève n’a pas de cours cette année scolaire.')
    const antenne = asStaff(server, await staffCookie(server, 'antenne'))
    expect((await antenne.get(`/api/staff/pupils/${adrien}/documents`)).statusCode).toBe(404)
    expect(
      (await antenne.get(`/api/staff/pupils/${adrien}/attestations/${year.id}`)).statusCode,
    ).toBe(404)
  })
})

describe('the documents the family uploaded', () => {
  it('are listed with their year, pièce, file, date, size and state; the family sees only its current ones', async () => {
    const doc = await server
      .db('reenrolment_documents as d')
      .join('pupils as p', 'p.id', 'd.pupil_id')
      .join('guardians as g', 'g.family_id', 'd.family_id')
      .where('d.state', 'refuse')
      .where('g.rank', 1)
      .first('d.id', 'd.pupil_id', 'd.family_id', 'd.refusal_reason', 'g.login', 'd.file_name')
    const family = asFamily(server, await familyCookie(server, 1, doc.login))
    const docs = await family.read(`/api/family/pupils/${doc.pupil_id}/documents`)
    const refused = docs.uploaded.find((d: { id: number }) => d.id === doc.id)
    expect(refused).toMatchObject({
      schoolYear: '2027/2028',
      fileName: doc.file_name,
      date: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
      time: expect.stringMatching(/^\d{2}:\d{2}$/),
      size: expect.stringMatching(/^(< )?\d+,\d{2}$/),
      state: 'refuse',
      stateLabel: `Refusé : ${doc.refusal_reason}`,
      url: `/api/family/documents/${doc.id}`,
    })
    // A replaced document: kept for staff, gone from the family's list.
    await server
      .db('reenrolment_documents')
      .where({ id: doc.id })
      .update({ removed_at: '2027-01-01T00:00:00.000Z' })
    const after = await family.read(`/api/family/pupils/${doc.pupil_id}/documents`)
    expect(after.uploaded.map((d: { id: number }) => d.id)).not.toContain(doc.id)
    const staff = await admin.read(`/api/staff/pupils/${doc.pupil_id}/documents`)
    expect(staff.uploaded.find((d: { id: number }) => d.id === doc.id)).toMatchObject({
      removedAt: '2027-01-01T00:00:00.000Z',
      url: `/api/staff/reenrolment-documents/${doc.id}/file`,
    })
    // Another family does not see them.
    expect((await abolant.get(`/api/family/pupils/${doc.pupil_id}/documents`)).statusCode).toBe(404)
  })

  it('are none for a pupil whose family has not started its réinscription', async () => {
    const docs = await abolant.read(`/api/family/pupils/${adrien}/documents`)
    expect(docs.uploaded).toEqual([])
  })
})
