import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  asFamily,
  asStaff,
  decide,
  familyCookie,
  lastMail,
  staffCookie,
  type Client,
} from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The fields the seeds' screens show that were missing: the guardian's "Code socio-professionnel"
// and "Tél copie", the pupil's "Télécopie" and "Établissement scolaire" chosen from the list of
// schools that staff keep. They go through the sas, the staff edits and the journal like the rest.
// Demo: family 1 = guardian 1 (DUPONT Gérard, dupont1), pupils 1 (Gérard) and 2 (Léa); the demo's
// list holds four schools.

let server: TestServer
let admin: Client
let secretariat: Client
let gerard: Client

beforeAll(async () => {
  server = await startTestServer()
  admin = asStaff(server, await staffCookie(server))
  // The demo's Secrétariat account (db/demo/named.ts).
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  gerard = asFamily(server, await familyCookie(server, 1, 'dupont1'))
})
afterAll(async () => {
  await server.close()
})

const labels = (list: { name: string; city: string }[]) => list.map((s) => `${s.name} — ${s.city}`)

describe('the list of schools', () => {
  it('is read by every staff member and by the families', async () => {
    const expected = [
      'Collège du Golfe — SAINTE-MAXIME',
      'Collège Saint-Exupéry — COGOLIN',
      'École élémentaire des Glénan — FOUESNANT',
      'Lycée des Maures — COGOLIN',
    ]
    expect(labels(await secretariat.read('/api/staff/schools'))).toEqual(expected)
    expect(labels(await gerard.read('/api/family/schools'))).toEqual(expected)
    expect((await asFamily(server).get('/api/family/schools')).statusCode).toBe(401)
  })

  it('is changed by the administrator only (settings)', async () => {
    const school = { name: 'Collège Jean Moulin', city: 'Fouesnant' }
    const refused = await secretariat.post('/api/staff/schools', school)
    expect(refused.statusCode).toBe(403)
    expect((await secretariat.put('/api/staff/schools/1', school)).statusCode).toBe(403)
    expect((await secretariat.del('/api/staff/schools/1')).statusCode).toBe(403)
    expect(await server.db('schools').count({ n: '*' }).first()).toEqual({ n: 4 })

    const created = await admin.post('/api/staff/schools', school)
    expect(created.statusCode).toBe(201)
    expect(created.body).toMatchObject({ name: 'Collège Jean Moulin', city: 'FOUESNANT' })
    // In its place in French order, for staff and families alike.
    const expected = [
      'Collège du Golfe — SAINTE-MAXIME',
      'Collège Jean Moulin — FOUESNANT',
      'Collège Saint-Exupéry — COGOLIN',
      'École élémentaire des Glénan — FOUESNANT',
      'Lycée des Maures — COGOLIN',
    ]
    expect(labels(await secretariat.read('/api/staff/schools'))).toEqual(expected)
    expect(labels(await gerard.read('/api/family/schools'))).toEqual(expected)
  })

  it('refuses, in French, a school without a commune or twice the same', async () => {
    const empty = await admin.post('/api/staff/schools', { name: 'Lycée', city: ' ' })
    expect(empty.statusCode).toBe(400)
    expect(empty.body.details).toEqual({ city: 'Commune : ce champ est obligatoire.' })
    const twin = await admin.post('/api/staff/schools', {
      name: 'Collège Jean Moulin',
      city: 'FOUESNANT',
    })
    expect(twin.statusCode).toBe(409)
    expect(twin.body.message).toBe('« Collège Jean Moulin — FOUESNANT » est déjà dans la liste.')
    expect(await server.db('schools').count({ n: '*' }).first()).toEqual({ n: 5 })
  })

  it('renames a school on the records of the pupils who chose it', async () => {
    // Léa (pupil 2) goes to the École élémentaire des Glénan (school 1) in the demo.
    const renamed = await admin.put('/api/staff/schools/1', {
      name: 'École des Glénan',
      city: 'FOUESNANT',
    })
    expect(renamed.statusCode).toBe(200)
    const lea = await server.db('pupils').where({ id: 2 }).first()
    expect(lea.school_name).toBe('École des Glénan — FOUESNANT')
    // A new name moves the school to its new place in the list.
    const moved = await admin.put('/api/staff/schools/1', {
      name: 'Annexe des Glénan',
      city: 'FOUESNANT',
    })
    expect(moved.statusCode).toBe(200)
    expect(labels(await gerard.read('/api/family/schools'))[0]).toBe(
      'Annexe des Glénan — FOUESNANT',
    )
    await admin.put('/api/staff/schools/1', { name: 'École des Glénan', city: 'FOUESNANT' })
  })
})

describe('the new fields, through the sas', () => {
  it('wait in the sas, are mailed in French, then accepted into the records', async () => {
    const guardian = await gerard.put('/api/family/guardian', {
      values: { socioProfessionalCode: '34', fax: '0298560002' },
    })
    expect(guardian.statusCode).toBe(200)
    expect(guardian.body.pending.values).toEqual({
      socioProfessionalCode: '34',
      fax: '02 98 56 00 02',
    })
    const mail = await lastMail(server, 'acknowledgement')
    expect(mail.text).toContain(
      'Code socio-professionnel : 34 — Professeurs, professions scientifiques',
    )
    expect(mail.text).toContain('Tél copie : 02 98 56 00 02')

    const pupil = await gerard.put('/api/family/pupils/2', {
      values: { schoolName: 'Collège Saint-Exupéry — COGOLIN', fax: '02 98 56 00 03' },
    })
    expect(pupil.statusCode).toBe(200)

    const { items } = await admin.read('/api/staff/change-requests')
    for (const request of items) {
      const view = await admin.read(`/api/staff/change-requests/${request.id}`)
      const all = Object.fromEntries(view.rows.map((r: { field: string }) => [r.field, 'accept']))
      expect((await decide(admin, request.id, all)).statusCode).toBe(200)
    }
    const family = await admin.read('/api/staff/families/1')
    expect(family.guardians[0]).toMatchObject({
      socioProfessionalCode: '34',
      fax: '02 98 56 00 02',
    })
    expect(family.pupils[1]).toMatchObject({
      schoolName: 'Collège Saint-Exupéry — COGOLIN',
      fax: '02 98 56 00 03',
    })
    const journal = JSON.stringify(await admin.read('/api/staff/families/1/audit'))
    expect(journal).toContain('Code socio-professionnel')
    expect(journal).toContain('34 — Professeurs, professions scientifiques')
    expect(journal).toContain('Collège Saint-Exupéry — COGOLIN')
  })

  it('refuses a code that is not of the INSEE list and a school that is not of the list', async () => {
    const code = await gerard.put('/api/family/guardian', {
      values: { socioProfessionalCode: '99' },
    })
    expect(code.statusCode).toBe(400)
    expect(code.body.details.socioProfessionalCode).toBe(
      'Choisissez une valeur dans la liste pour « Code socio-professionnel ».',
    )
    const school = await gerard.put('/api/family/pupils/2', {
      values: { schoolName: 'Mon école à moi' },
    })
    expect(school.statusCode).toBe(400)
    expect(school.body.details.schoolName).toContain('Choisissez un établissement dans la liste')
    const byStaff = await admin.put('/api/staff/pupils/2', {
      values: { schoolName: 'Mon école à moi' },
    })
    expect(byStaff.statusCode).toBe(400)
    expect(await server.db('change_requests').where({ status: 'pending' })).toEqual([])
  })

  it('takes the two answers of the seeds for a pupil not at school or at a school not listed', async () => {
    const notListed = await admin.put('/api/staff/pupils/2', {
      values: { schoolName: 'Établissement non-répertorié' },
    })
    expect(notListed.statusCode).toBe(204)
    const asked = await gerard.put('/api/family/pupils/2', {
      values: { schoolName: 'Non scolarisé-e' },
    })
    expect(asked.statusCode).toBe(200)
    expect(asked.body.pending.values).toEqual({ schoolName: 'Non scolarisé-e' })
  })
})
