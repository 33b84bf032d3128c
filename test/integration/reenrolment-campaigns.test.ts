import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAMPAIGN_MESSAGES as C, parisDayAndTime } from '../../db/rules/campaigns.ts'
import { PEDAGOGY_MESSAGES as M } from '../../db/rules/pedagogy.ts'
import { REENROLMENT_MESSAGES as R, SUGGESTED_PIECES } from '../../db/rules/reenrolment.ts'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import { MINUTE } from '../support/clock.ts'
import { clearDemoReenrolment } from '../support/reenrolment.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The campaigns through the staff API on the demo (school year 2026/2027 current; 2027/2028 made
// here): the form's errors in French, the phases as the server's clock moves (no sleeping), the
// quick actions, a secrétariat of another site who finds nothing, Direction who reads only, the
// reminders' progress and mails, the CSV.

let server: TestServer
let admin: Client
let antenne: Client
let direction: Client
let nextYearId: number
let currentYearId: number

const HOUR = 60 * MINUTE

/** The day and time, in Paris, `ms` from the server's now: what staff type in the form. */
function at(ms: number): { on: string; time: string } {
  const { day, time } = parisDayAndTime(new Date(server.clock.now().getTime() + ms).toISOString())
  return { on: day, time }
}

function form(over: Record<string, unknown> = {}) {
  const opens = at(HOUR)
  const closes = at(30 * 24 * HOUR)
  return {
    siteId: 1,
    schoolYearId: nextYearId,
    opensOn: opens.on,
    opensTime: opens.time,
    closesOn: closes.on,
    closesTime: closes.time,
    message: 'La réinscription pour 2027/2028 est ouverte.',
    pieces: SUGGESTED_PIECES.map((p) => ({
      name: p.name,
      required: p.required,
      appliesTo: p.appliesTo === 'departement' ? 'tous' : p.appliesTo,
    })),
    ...over,
  }
}

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 20 })
  // This file builds its own campaigns, from a demo without the demo's réinscription.
  await clearDemoReenrolment(server.db, server.dataDir)
  admin = asStaff(server, await staffCookie(server))
  antenne = asStaff(server, await staffCookie(server, 'antenne'))
  direction = asStaff(server, await staffCookie(server, 'direction'))
  currentYearId = (await admin.read('/api/staff/school-years')).find(
    (y: { isCurrent: boolean }) => y.isCurrent,
  ).id
  const created = await admin.post('/api/staff/school-years/next', {})
  expect(created.statusCode).toBe(200)
  nextYearId = created.body.schoolYear.id
})
afterAll(() => server.close())

describe('preparing a campaign', () => {
  it('refuses a form with French messages under each field', async () => {
    const opens = at(HOUR)
    const res = await admin.post(
      '/api/staff/campaigns',
      form({
        schoolYearId: currentYearId,
        closesOn: opens.on,
        closesTime: opens.time,
        opensTime: 'midi',
        pieces: [
          { name: '', required: true, appliesTo: 'tous' },
          { name: 'Certificat', required: true, appliesTo: 'departement', departmentId: null },
          { name: 'Attestation', required: true, appliesTo: 'cursus', cursusId: 987654 },
        ],
      }),
    )
    expect(res.statusCode).toBe(400)
    expect(res.body.details).toEqual({
      schoolYearId: C.yearNotAfter,
      opensTime: M.notATime,
      'pieces.0.name': C.pieceName,
      'pieces.1.departmentId': R.pieceNeedsDepartment,
      'pieces.2.cursusId': R.pieceNeedsCursus,
    })
    const backwards = await admin.post(
      '/api/staff/campaigns',
      form({ closesOn: at(0).on, closesTime: at(0).time }),
    )
    expect(backwards.body.details).toEqual({ closesOn: R.campaignDates })
    // Left empty, a field says so; filled wrong, what it expects.
    const empty = await admin.post(
      '/api/staff/campaigns',
      form({ opensOn: '', opensTime: ' ', closesOn: '31/02/2027' }),
    )
    expect(empty.body.details).toEqual({
      opensOn: M.required,
      opensTime: M.required,
      closesOn: M.notADate,
    })
    expect(await server.db('reenrolment_campaigns').count({ n: '*' })).toEqual([{ n: 0 }])
  })

  it('keeps a secrétariat to its own sites, and Direction to reading', async () => {
    const elsewhere = await antenne.post('/api/staff/campaigns', form({ siteId: 1 }))
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.body.details).toEqual({ siteId: C.siteNotYours })
    expect((await antenne.read('/api/staff/campaigns/options')).sites).toEqual([
      { id: 2, name: 'Antenne de Sainte-Maxime' },
    ])
    expect((await direction.post('/api/staff/campaigns', form())).statusCode).toBe(403)
  })
})

describe('a campaign of the Conservatoire', () => {
  let id: number
  const phase = async () => (await admin.read(`/api/staff/campaigns/${id}`)).phase

  beforeAll(async () => {
    const res = await admin.post('/api/staff/campaigns', form())
    expect(res.statusCode).toBe(200)
    id = res.body.id
  })

  it('opens and closes with the clock, and by the quick actions', async () => {
    const [listed] = await admin.read('/api/staff/campaigns')
    expect(listed).toMatchObject({
      id,
      siteName: 'Conservatoire',
      schoolYearLabel: '2027/2028',
      phase: 'preparee',
    })
    expect(listed.counts.total).toBe(listed.counts.non_commencee)
    const twin = await admin.post('/api/staff/campaigns', form())
    expect(twin.statusCode).toBe(409)
    expect(twin.body.details).toEqual({ schoolYearId: R.campaignTaken })

    server.clock.advance(HOUR + MINUTE)
    expect(await phase()).toBe('ouverte')
    expect((await admin.post(`/api/staff/campaigns/${id}/open`, {})).body.message).toBe(
      C.alreadyOpen,
    )
    expect((await admin.post(`/api/staff/campaigns/${id}/close`, {})).statusCode).toBe(204)
    expect(await phase()).toBe('fermee')
    expect((await admin.post(`/api/staff/campaigns/${id}/open`, {})).body.message).toBe(
      C.reopenByExtending,
    )
    const before = at(-HOUR)
    const past = await admin.post(`/api/staff/campaigns/${id}/extend`, {
      closesOn: before.on,
      closesTime: before.time,
    })
    expect(past.body.details).toEqual({ closesOn: C.extendLater })
    const later = at(2 * HOUR)
    const extended = await admin.post(`/api/staff/campaigns/${id}/extend`, {
      closesOn: later.on,
      closesTime: later.time,
    })
    expect(extended.statusCode).toBe(204)
    expect(await phase()).toBe('ouverte')
    server.clock.advance(2 * HOUR)
    expect(await phase()).toBe('fermee')
    const again = at(10 * 24 * HOUR)
    await admin.post(`/api/staff/campaigns/${id}/extend`, {
      closesOn: again.on,
      closesTime: again.time,
    })
    expect(await phase()).toBe('ouverte')
    const actions = await server
      .db('audit_log')
      .where({ entity_type: 'reenrolment_campaign', entity_id: id })
      .pluck('action')
    expect(actions).toEqual([
      'reenrolment.campaign_created',
      'reenrolment.campaign_close',
      'reenrolment.campaign_extend',
      'reenrolment.campaign_extend',
    ])
  })

  it('is not found by a secrétariat of the Antenne', async () => {
    for (const url of ['', '/dashboard', '/pupils', '/export']) {
      expect((await antenne.get(`/api/staff/campaigns/${id}${url}`)).statusCode, url).toBe(404)
    }
    expect((await antenne.put(`/api/staff/campaigns/${id}`, form({ siteId: 2 }))).statusCode).toBe(
      404,
    )
    for (const action of ['open', 'close', 'reminders']) {
      expect((await antenne.post(`/api/staff/campaigns/${id}/${action}`, {})).statusCode).toBe(404)
    }
    expect((await antenne.del(`/api/staff/campaigns/${id}`)).statusCode).toBe(404)
    expect(await antenne.read('/api/staff/campaigns')).toEqual([])
    expect((await direction.get(`/api/staff/campaigns/${id}/dashboard`)).statusCode).toBe(200)
  })

  it('shows its dashboard and pupils, and searches them by name', async () => {
    const dashboard = await direction.read(`/api/staff/campaigns/${id}/dashboard`)
    const pupils = await server
      .db('pupils')
      .join('families', 'families.id', 'pupils.family_id')
      .where('families.site_id', 1)
      .whereNull('pupils.archived_at')
      .whereNull('families.archived_at')
      .count({ n: '*' })
    expect(dashboard.counts.total).toBe(pupils[0]?.n)
    expect(dashboard.counts.non_commencee).toBe(dashboard.counts.total)
    const perDepartment = dashboard.departments.map((d: { name: string }) => d.name)
    expect(perDepartment).toContain('Musique')
    const page = await direction.read(`/api/staff/campaigns/${id}/pupils?pageSize=10`)
    expect(page).toMatchObject({ total: dashboard.counts.total, page: 1, pageSize: 10 })
    expect(page.items).toHaveLength(10)
    const found = await direction.read(`/api/staff/campaigns/${id}/pupils?q=adrien%20abolant`)
    expect(found.items).toEqual([
      expect.objectContaining({ lastName: 'ABOLANT', firstName: 'Adrien', requestId: null }),
    ])
  })

  it('reminds the families with progress, through the outbox', async () => {
    const res = await server.staff.inject({
      method: 'POST',
      url: `/api/staff/campaigns/${id}/reminders`,
      payload: {},
      headers: { cookie: (await staffCookie(server)) as string },
    })
    expect(res.statusCode).toBe(200)
    const lines = res.payload
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    const result = lines.at(-1).result
    expect(lines.slice(0, -1).every((l) => 'progress' in l)).toBe(true)
    const mails = await server.db('outbox').where({ kind: 'reenrolment_reminder' })
    expect(result.mails).toBe(mails.length)
    expect(result.mails).toBeGreaterThan(0)
    const abolant = mails.find((m) => m.to_address === 'jocelyne.abolant@example.org')
    expect(abolant.subject).toBe('Réinscription 2027/2028 — Conservatoire')
    expect(abolant.text).toContain('ABOLANT Adrien')
    expect((await admin.read(`/api/staff/campaigns/${id}`)).lastReminderAt).toBe(
      result.lastReminderAt,
    )
  })

  it('exports the pupils as CSV, one line each', async () => {
    const res = await direction.get(`/api/staff/campaigns/${id}/export`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(/reinscriptions-2027-2028-.*\.csv/)
    const text = res.rawPayload.toString('utf8').replace(/^\uFEFF/, '')
    const lines = text.trim().split('\r\n')
    expect(lines[0]).toBe(
      'Famille;Élève;État;Date d’envoi;Réinscription administrative;Cours cochés;Information complémentaire;Pièces (état)',
    )
    const { counts } = await admin.read(`/api/staff/campaigns/${id}/dashboard`)
    expect(lines).toHaveLength(counts.total + 1)
    const adrien = lines.find((l) => l.includes('ABOLANT Adrien'))
    expect(adrien).toContain('Pas encore envoyée')
    expect(adrien).toContain(
      'attestation d’assurance couvrant l’élève en responsabilité civile : A fournir',
    )
  })

  it('is deleted only while no family has started', async () => {
    await server.db('reenrolment_requests').insert({
      campaign_id: id,
      pupil_id: (await server.db('pupils').where({ first_name: 'Adrien' }).first()).id,
      family_id: (await server.db('pupils').where({ first_name: 'Adrien' }).first()).family_id,
      status: 'brouillon',
      created_at: server.clock.now().toISOString(),
      updated_at: server.clock.now().toISOString(),
    })
    const refused = await admin.del(`/api/staff/campaigns/${id}`)
    expect(refused.statusCode).toBe(409)
    expect(refused.body.message).toBe(R.campaignHasRequests(1))
    const other = await antenne.post('/api/staff/campaigns', form({ siteId: 2 }))
    expect(other.statusCode).toBe(200)
    expect((await antenne.del(`/api/staff/campaigns/${other.body.id}`)).statusCode).toBe(204)
    expect(await server.db('reenrolment_campaigns').pluck('id')).toEqual([id])
  })
})
