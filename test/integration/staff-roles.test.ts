import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StaffRole } from '../../db/rules/roles.ts'
import { asFamily, asStaff, familyCookie, staffCookie, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The role matrix: every route of the staff listener, asked by every role, answers 403 exactly
// for the roles this table (written by hand, not from CAN) leaves out. A route added without its
// line here fails the first test; a route whose `auth: allow(…)` drifts fails the second.

const ADMIN: StaffRole[] = ['admin']
const ALL: StaffRole[] = ['admin', 'secretariat', 'direction', 'comptabilite', 'enseignant']
const READ: StaffRole[] = ['admin', 'secretariat', 'direction', 'comptabilite']
const EDIT: StaffRole[] = ['admin', 'secretariat']
const DECIDE: StaffRole[] = ['admin', 'secretariat', 'direction']
const MAILS: StaffRole[] = ['admin', 'secretariat', 'direction']
/** The pedagogy: read by Direction and Comptabilité too, changed by Administrateur and Secrétariat. */
const READ_PEDAGOGY: StaffRole[] = ['admin', 'secretariat', 'direction', 'comptabilite']
const EDIT_PEDAGOGY: StaffRole[] = ['admin', 'secretariat']
/** No session needed (installation, login, the link of a new account, the app's pages). */
const OPEN = 'open'

const MATRIX: Record<string, StaffRole[] | typeof OPEN> = {
  'GET /api/staff/setup': OPEN,
  'POST /api/staff/setup': OPEN,
  'POST /api/staff/session': OPEN,
  'DELETE /api/staff/session': OPEN,
  'GET /api/staff/password-links/{token}': OPEN,
  'POST /api/staff/password-links/{token}': OPEN,
  'GET /api/staff/me': ALL,
  'GET /api/staff/sites': ALL,
  'GET /api/staff/families': READ,
  'GET /api/staff/family-ids': EDIT,
  'GET /api/staff/families/export': READ,
  'GET /api/staff/change-requests/export': READ,
  'GET /api/staff/families/{id}': READ,
  'GET /api/staff/families/{id}/audit': READ,
  'GET /api/staff/change-requests': READ,
  'GET /api/staff/change-requests/count': READ,
  'GET /api/staff/change-requests/{id}': READ,
  'POST /api/staff/change-requests/{id}/decision': DECIDE,
  'POST /api/staff/families': EDIT,
  'PUT /api/staff/guardians/{id}': EDIT,
  'PUT /api/staff/pupils/{id}': EDIT,
  'POST /api/staff/families/{id}/guardians': EDIT,
  'POST /api/staff/families/{id}/pupils': EDIT,
  'POST /api/staff/families/{id}/archive': EDIT,
  'POST /api/staff/guardians/{id}/archive': EDIT,
  'POST /api/staff/pupils/{id}/archive': EDIT,
  'POST /api/staff/families/{id}/restore': EDIT,
  'POST /api/staff/guardians/{id}/restore': EDIT,
  'POST /api/staff/pupils/{id}/restore': EDIT,
  'GET /api/staff/family-imports/sample.{format}': EDIT,
  'POST /api/staff/family-imports/analysis': EDIT,
  'POST /api/staff/family-imports/check': EDIT,
  'POST /api/staff/family-imports': EDIT,
  'POST /api/staff/guardians/{id}/access': EDIT,
  'PUT /api/staff/guardians/{id}/access': EDIT,
  'POST /api/staff/access-mailings': EDIT,
  'GET /api/staff/mail-status': MAILS,
  'GET /api/staff/outbox': MAILS,
  'GET /api/staff/outbox/{id}': MAILS,
  'GET /api/staff/outbox/export': MAILS,
  'POST /api/staff/outbox/{id}/retry': MAILS,
  'GET /api/staff/settings/smtp': ADMIN,
  'PUT /api/staff/settings/smtp': ADMIN,
  'POST /api/staff/settings/smtp/test': ADMIN,
  'GET /api/staff/staff-accounts': ADMIN,
  'POST /api/staff/staff-accounts': ADMIN,
  'PUT /api/staff/staff-accounts/{id}': ADMIN,
  'PUT /api/staff/staff-accounts/{id}/state': ADMIN,
  'POST /api/staff/staff-accounts/{id}/access-mail': ADMIN,
  'GET /api/staff/first-run': ALL,
  'GET /api/staff/settings/conservatoire': ALL,
  'GET /api/staff/settings/conservatoire/logo': ALL,
  'GET /api/staff/settings/sites': ALL,
  'PUT /api/staff/settings/conservatoire': ADMIN,
  'PUT /api/staff/settings/conservatoire/logo': ADMIN,
  'DELETE /api/staff/settings/conservatoire/logo': ADMIN,
  'POST /api/staff/settings/sites': ADMIN,
  'PUT /api/staff/settings/sites/{id}': ADMIN,
  'PUT /api/staff/settings/sites/{id}/open': ADMIN,
  'GET /api/staff/schools': ALL,
  'POST /api/staff/schools': ADMIN,
  'PUT /api/staff/schools/{id}': ADMIN,
  'DELETE /api/staff/schools/{id}': ADMIN,
  'GET /api/staff/backups': ADMIN,
  'POST /api/staff/backups': ADMIN,
  'POST /api/staff/backups/{name}/restore': ADMIN,
  'GET /api/staff/departments': READ_PEDAGOGY,
  'GET /api/staff/disciplines': READ_PEDAGOGY,
  'GET /api/staff/cursus': READ_PEDAGOGY,
  'GET /api/staff/teachers': READ_PEDAGOGY,
  'POST /api/staff/departments': EDIT_PEDAGOGY,
  'PUT /api/staff/departments/{id}': EDIT_PEDAGOGY,
  'DELETE /api/staff/departments/{id}': EDIT_PEDAGOGY,
  'POST /api/staff/departments/{id}/restore': EDIT_PEDAGOGY,
  'POST /api/staff/disciplines': EDIT_PEDAGOGY,
  'PUT /api/staff/disciplines/{id}': EDIT_PEDAGOGY,
  'DELETE /api/staff/disciplines/{id}': EDIT_PEDAGOGY,
  'POST /api/staff/disciplines/{id}/restore': EDIT_PEDAGOGY,
  'POST /api/staff/cursus': EDIT_PEDAGOGY,
  'PUT /api/staff/cursus/{id}': EDIT_PEDAGOGY,
  'DELETE /api/staff/cursus/{id}': EDIT_PEDAGOGY,
  'POST /api/staff/cursus/{id}/restore': EDIT_PEDAGOGY,
  'POST /api/staff/cycles': EDIT_PEDAGOGY,
  'PUT /api/staff/cycles/{id}': EDIT_PEDAGOGY,
  'DELETE /api/staff/cycles/{id}': EDIT_PEDAGOGY,
  'POST /api/staff/cycles/{id}/restore': EDIT_PEDAGOGY,
  'POST /api/staff/teachers': EDIT_PEDAGOGY,
  'PUT /api/staff/teachers/{id}': EDIT_PEDAGOGY,
  'DELETE /api/staff/teachers/{id}': EDIT_PEDAGOGY,
  'POST /api/staff/teachers/{id}/restore': EDIT_PEDAGOGY,
  'POST /api/staff/courses': EDIT_PEDAGOGY,
  'PUT /api/staff/courses/{id}': EDIT_PEDAGOGY,
  'DELETE /api/staff/courses/{id}': EDIT_PEDAGOGY,
  'POST /api/staff/courses/{id}/restore': EDIT_PEDAGOGY,
  'GET /api/staff/school-years': READ_PEDAGOGY,
  'POST /api/staff/school-years': EDIT_PEDAGOGY,
  'POST /api/staff/school-years/next': EDIT_PEDAGOGY,
  'PUT /api/staff/school-years/{id}/current': EDIT_PEDAGOGY,
  'GET /api/staff/courses': READ_PEDAGOGY,
  'GET /api/staff/courses/export': READ_PEDAGOGY,
  'GET /api/staff/teachers/export': READ_PEDAGOGY,
  'GET /api/staff/courses/{id}': READ_PEDAGOGY,
  'GET /api/staff/courses/{id}/roll-call': READ_PEDAGOGY,
  'PUT /api/staff/courses/{id}/roll-call': EDIT_PEDAGOGY,
  'GET /api/staff/pupils': READ_PEDAGOGY,
  'GET /api/staff/pupils/{id}/enrolments': READ_PEDAGOGY,
  'GET /api/staff/pupils/{id}/history': READ_PEDAGOGY,
  'POST /api/staff/pupils/{id}/enrolments': EDIT_PEDAGOGY,
  'GET /api/staff/pupils/{id}/repertoire': READ_PEDAGOGY,
  'POST /api/staff/pupils/{id}/repertoire': EDIT_PEDAGOGY,
  'PUT /api/staff/pupils/{id}/repertoire/{workId}': EDIT_PEDAGOGY,
  'GET /api/staff/enrolments/{id}': READ_PEDAGOGY,
  'PUT /api/staff/enrolments/{id}/end': EDIT_PEDAGOGY,
  'PUT /api/staff/enrolments/{id}/cycle': EDIT_PEDAGOGY,
  'DELETE /api/staff/enrolments/{id}': EDIT_PEDAGOGY,
  'POST /api/staff/enrolments/{id}/evaluations': EDIT_PEDAGOGY,
  'PUT /api/staff/enrolments/{id}/evaluations/{evaluationId}': EDIT_PEDAGOGY,
  'POST /api/staff/enrolments/{id}/suivi': EDIT_PEDAGOGY,
  'PUT /api/staff/enrolments/{id}/suivi/{noteId}': EDIT_PEDAGOGY,
  'DELETE /api/staff/enrolments/{id}/evaluations/{evaluationId}': EDIT_PEDAGOGY,
  'DELETE /api/staff/enrolments/{id}/suivi/{noteId}': EDIT_PEDAGOGY,
  'DELETE /api/staff/pupils/{id}/repertoire/{workId}': EDIT_PEDAGOGY,
  'GET /api/staff/school-years/export': READ_PEDAGOGY,
  'GET /api/staff/disciplines/export': READ_PEDAGOGY,
  'GET /api/staff/cursus/export': READ_PEDAGOGY,
  'GET /api/staff/teacher-accounts': READ_PEDAGOGY,
  // The web app (its pages and files; any other /api address is 404).
  'GET /api/{any*}': OPEN,
  'POST /api/{any*}': OPEN,
  'PUT /api/{any*}': OPEN,
  'PATCH /api/{any*}': OPEN,
  'DELETE /api/{any*}': OPEN,
  'GET /assets/{file*}': OPEN,
  'GET /{file*}': OPEN,
  // The family's residence (Responsables tab) and a pupil's documents (Documents tab).
  'PUT /api/staff/families/{id}/residence': EDIT,
  'GET /api/staff/pupils/{id}/documents': READ,
  'GET /api/staff/pupils/{id}/attestations/{schoolYearId}': READ,
  // Réinscription campaigns (issue 12): read by Direction too, run by Administrateur and Secrétariat.
  'GET /api/staff/campaigns': DECIDE,
  'GET /api/staff/campaigns/options': EDIT,
  'GET /api/staff/campaigns/{id}': DECIDE,
  'POST /api/staff/campaigns': EDIT,
  'PUT /api/staff/campaigns/{id}': EDIT,
  'DELETE /api/staff/campaigns/{id}': EDIT,
  'POST /api/staff/campaigns/{id}/open': EDIT,
  'POST /api/staff/campaigns/{id}/close': EDIT,
  'POST /api/staff/campaigns/{id}/extend': EDIT,
  'GET /api/staff/campaigns/{id}/dashboard': DECIDE,
  'GET /api/staff/campaigns/{id}/pupils': DECIDE,
  'GET /api/staff/campaigns/{id}/export': DECIDE,
  'POST /api/staff/campaigns/{id}/reminders': EDIT,
  // The review of a pupil's réinscription: read by Direction too, decided by Administrateur and
  // Secrétariat.
  'GET /api/staff/reenrolments/{id}': ['admin', 'secretariat', 'direction'],
  'PUT /api/staff/reenrolment-documents/{id}': ['admin', 'secretariat'],
  'GET /api/staff/reenrolment-documents/{id}/file': ['admin', 'secretariat', 'direction'],
  'POST /api/staff/reenrolments/{id}/validate': ['admin', 'secretariat'],
  'POST /api/staff/reenrolments/{id}/refuse': ['admin', 'secretariat'],
  'GET /api/staff/pupils/{id}/reenrolments': ['admin', 'secretariat', 'direction'],
  // SEPA direct debit (issue 13): read with the billing; mandates and exports by those who bill.
  'GET /api/staff/families/{id}/sepa-mandates': [
    'admin',
    'secretariat',
    'direction',
    'comptabilite',
  ],
  'POST /api/staff/families/{id}/sepa-mandates': ['admin', 'comptabilite'],
  'POST /api/staff/sepa-mandates/{id}/revoke': ['admin', 'comptabilite'],
  'GET /api/staff/sepa-debits': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'POST /api/staff/sepa-batches': ['admin', 'comptabilite'],
  'GET /api/staff/sepa-batches': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'GET /api/staff/sepa-batches/{id}/file': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'GET /api/staff/billing-settings': ADMIN,
  'PUT /api/staff/billing-settings': ADMIN,
  // Tariffs (issue 13): read with readBilling, changed with bill (Administrateur, Comptabilité).
  'GET /api/staff/tariffs': READ,
  'POST /api/staff/tariffs/copy': ['admin', 'comptabilite'],
  'POST /api/staff/tariffs': ['admin', 'comptabilite'],
  'PUT /api/staff/tariffs/{id}': ['admin', 'comptabilite'],
  'DELETE /api/staff/tariffs/{id}': ['admin', 'comptabilite'],
  'PUT /api/staff/tariffs/{id}/prices': ['admin', 'comptabilite'],
  'PUT /api/staff/tariffs/reductions': ['admin', 'comptabilite'],
  'PUT /api/staff/tariffs/rental-rate': ['admin', 'comptabilite'],
  'POST /api/staff/quotient-brackets': ['admin', 'comptabilite'],
  'PUT /api/staff/quotient-brackets/{id}': ['admin', 'comptabilite'],
  'DELETE /api/staff/quotient-brackets/{id}': ['admin', 'comptabilite'],
  'POST /api/staff/billing-fees': ['admin', 'comptabilite'],
  'PUT /api/staff/billing-fees/{id}': ['admin', 'comptabilite'],
  'DELETE /api/staff/billing-fees/{id}': ['admin', 'comptabilite'],
  'GET /api/staff/instruments': READ,
  'POST /api/staff/instruments': ['admin', 'comptabilite'],
  'PUT /api/staff/instruments/{id}': ['admin', 'comptabilite'],
  'GET /api/staff/families/{id}/rentals': READ,
  'POST /api/staff/families/{id}/rentals': ['admin', 'comptabilite'],
  'PUT /api/staff/families/{id}/rentals/{rentalId}': ['admin', 'comptabilite'],
  'DELETE /api/staff/families/{id}/rentals/{rentalId}': ['admin', 'comptabilite'],
  'GET /api/staff/families/{id}/simulation': READ,
  'GET /api/staff/families/{id}/situation': READ,
  'POST /api/staff/families/{id}/situation': ['admin', 'comptabilite'],
  'GET /api/staff/families/{id}/situations/{situationId}/file': READ,
  // Invoicing (issue 13): read by the four office roles, billed by Comptabilité and
  // Administrateur, payments recorded by Secrétariat too.
  'GET /api/staff/families/{id}/billing': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'GET /api/staff/invoices/{id}': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'POST /api/staff/invoices/{id}/payments': ['admin', 'secretariat', 'comptabilite'],
  'POST /api/staff/invoices/{id}/credit-notes': ['admin', 'comptabilite'],
  'POST /api/staff/billing-runs': ['admin', 'comptabilite'],
  'GET /api/staff/billing-runs/{id}': ['admin', 'comptabilite'],
  'GET /api/staff/invoices': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'GET /api/staff/invoices/export': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'GET /api/staff/payments': ['admin', 'secretariat', 'direction', 'comptabilite'],
  'GET /api/staff/payments/export': ['admin', 'secretariat', 'direction', 'comptabilite'],
  // Invoices, credit notes and receipts as PDF (issue 13, PDF part): whoever reads billing.
  'GET /api/staff/invoices/{id}/pdf': READ,
  'GET /api/staff/payments/{id}/pdf': READ,
}

/** The demo account of each role (db/demo/named.ts). */
const LOGIN_OF: Record<StaffRole, string> = {
  admin: 'admin',
  secretariat: 'secretariat',
  direction: 'direction',
  comptabilite: 'comptabilite',
  enseignant: 'enseignant',
}

let server: TestServer
const cookies = {} as Record<StaffRole, string>

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 10 })
  for (const role of ALL) cookies[role] = await staffCookie(server, LOGIN_OF[role])
})
afterAll(() => server.close())

/** A route's address with ids that name nothing: an allowed role gets 404 or 400, never a change. */
const concrete = (path: string) =>
  path
    .replace('{id}', '987654')
    .replace(/\{\w+Id\}/, '987653')
    .replace('{token}', 'jeton-inconnu')
    .replace(/\{\w+\*\}/, 'rien')

describe('the role matrix of the staff listener', () => {
  it('names every route of the staff listener, and no other', () => {
    const routes = server.staff
      .table()
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .sort()
    expect(routes).toEqual(Object.keys(MATRIX).sort())
  })

  it('checks the site of every route that names a family, a person, a request, a mail, a course, an enrolment, a réinscription or its document', () => {
    const unchecked = server.staff
      .table()
      .filter((r) =>
        /^\/api\/staff\/(families|guardians|pupils|change-requests|outbox|courses|enrolments|reenrolments|reenrolment-documents)\/\{id\}/.test(
          r.path,
        ),
      )
      .filter((r) => !(r.settings.app as { sees?: string } | undefined)?.sees)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
    expect(unchecked).toEqual([])
  })

  it.each(ALL)('answers 403 exactly where %s is not allowed', async (role) => {
    const answers: Record<string, boolean> = {}
    const expected: Record<string, boolean> = {}
    for (const [key, allowed] of Object.entries(MATRIX)) {
      const [method = '', path = ''] = key.split(' ')
      // Déconnexion ends the session it is sent with: it gets a session of its own.
      const cookie =
        key === 'DELETE /api/staff/session'
          ? await staffCookie(server, LOGIN_OF[role])
          : cookies[role]
      const res = await server.staff.inject({
        method,
        url: concrete(path),
        headers: { cookie },
        ...(method === 'GET' ? {} : { payload: {} }),
      })
      answers[key] = res.statusCode === 403
      expected[key] = allowed !== OPEN && !allowed.includes(role)
    }
    expect(answers).toEqual(expected)
  })

  it('says who is logged in: the role, its label and the sites', async () => {
    const me = await asStaff(server, cookies.direction).read('/api/staff/me')
    expect(me).toEqual({
      login: 'direction',
      displayName: 'Hélène VIDAL',
      role: 'direction',
      roleLabel: 'Direction',
      allSites: false,
      sites: [
        { id: 1, name: 'Conservatoire' },
        { id: 2, name: 'Antenne de Sainte-Maxime' },
      ],
    })
  })
})

describe('a staff member of one site', () => {
  // `antenne` works for the Antenne de Sainte-Maxime (site 2); `secretariat` for the
  // Conservatoire (site 1), where the Dupont family of dupont1 lives.
  let antenne: Client
  let conservatoire: Client
  let family: { id: number; guardianId: number; pupilId: number }
  let requestId: number
  let mailId: number

  beforeAll(async () => {
    antenne = asStaff(server, await staffCookie(server, 'antenne'))
    conservatoire = asStaff(server, cookies.secretariat)
    const guardian = await server
      .db('guardians')
      .where({ site_id: 1, login: 'dupont1' })
      .first<{ id: number; family_id: number }>()
    const pupil = await server
      .db('pupils')
      .where({ family_id: guardian.family_id })
      .first<{ id: number }>()
    family = { id: guardian.family_id, guardianId: guardian.id, pupilId: pupil.id }
    const gerard = asFamily(server, await familyCookie(server, 1, 'dupont1'))
    const asked = await gerard.put('/api/family/guardian', { values: { profession: 'Luthier' } })
    expect(asked.statusCode).toBeLessThan(300)
    const request = await server.db('change_requests').where({ family_id: family.id }).first()
    requestId = request.id
    mailId = (await server.db('outbox').where({ site_id: 1 }).orderBy('id', 'desc').first()).id
  })

  it('does not find a family of another site, nor its people, journal, request or mails', async () => {
    const reads = [
      `/api/staff/families/${family.id}`,
      `/api/staff/families/${family.id}/audit`,
      `/api/staff/change-requests/${requestId}`,
      `/api/staff/outbox/${mailId}`,
    ]
    for (const url of reads) {
      expect((await antenne.get(url)).statusCode, url).toBe(404)
      expect((await conservatoire.get(url)).statusCode, url).toBe(200)
    }
    const writes: [string, string, object][] = [
      ['PUT', `/api/staff/guardians/${family.guardianId}`, { values: { profession: 'Luthier' } }],
      ['PUT', `/api/staff/pupils/${family.pupilId}`, { values: { schoolLevel: '6e' } }],
      ['POST', `/api/staff/families/${family.id}/pupils`, { values: { lastName: 'X' } }],
      ['POST', `/api/staff/pupils/${family.pupilId}/archive`, {}],
      ['POST', `/api/staff/guardians/${family.guardianId}/access`, {}],
      ['PUT', `/api/staff/guardians/${family.guardianId}/access`, { enabled: false }],
      ['POST', `/api/staff/families/${family.id}/archive`, {}],
      [
        'POST',
        `/api/staff/change-requests/${requestId}/decision`,
        { revision: 1, decisions: { profession: 'accept' } },
      ],
      ['POST', '/api/staff/access-mailings', { familyIds: [family.id] }],
      ['POST', `/api/staff/outbox/${mailId}/retry`, {}],
      ['POST', `/api/staff/families/${family.id}/restore`, {}],
      ['POST', `/api/staff/guardians/${family.guardianId}/restore`, {}],
      ['POST', `/api/staff/pupils/${family.pupilId}/restore`, {}],
    ]
    for (const [method, url, payload] of writes) {
      const res =
        method === 'PUT' ? await antenne.put(url, payload) : await antenne.post(url, payload)
      expect(res.statusCode, `${method} ${url}`).toBe(404)
    }
    // Nothing changed: the guardian, the pupil, the family and the request are as they were.
    const after = await conservatoire.read(`/api/staff/families/${family.id}`)
    expect(after.guardians[0]).toMatchObject({ id: family.guardianId, accessEnabled: true })
    expect(after.guardians[0].profession).not.toBe('Luthier')
    expect(after.pupils.map((p: { id: number }) => p.id)).toContain(family.pupilId)
    expect((await conservatoire.get(`/api/staff/change-requests/${requestId}`)).statusCode).toBe(
      200,
    )
  })

  it('lists only the families, requests and mails of its sites', async () => {
    const list = await antenne.read('/api/staff/families?pageSize=100')
    expect(list.total).toBeGreaterThan(0)
    expect(new Set(list.items.map((f: { siteId: number }) => f.siteId))).toEqual(new Set([2]))
    const ids = (await antenne.read('/api/staff/family-ids?q=dupont')).ids as number[]
    expect(ids).not.toContain(family.id)
    expect((await conservatoire.read('/api/staff/family-ids?q=dupont')).ids).toContain(family.id)
    const requests = (await antenne.read('/api/staff/change-requests')).items
    expect(requests.map((r: { id: number }) => r.id)).not.toContain(requestId)
    const theirs = (await conservatoire.read('/api/staff/change-requests')).items
    expect(theirs.map((r: { id: number }) => r.id)).toContain(requestId)
    expect((await antenne.read('/api/staff/change-requests/count')).count).toBe(requests.length)
    const mails = (await antenne.read('/api/staff/outbox?pageSize=100')).items
    expect(mails.map((m: { id: number }) => m.id)).not.toContain(mailId)
    expect(await antenne.read('/api/staff/sites')).toEqual([
      { id: 2, name: 'Antenne de Sainte-Maxime' },
    ])
  })

  it('creates families on its own sites only', async () => {
    const guardian = {
      civility: 'Madame',
      lastName: 'NOUVELLE',
      firstName: 'Anne',
      address: '1 rue du Port',
      postalCode: '83120',
      city: 'SAINTE-MAXIME',
      email: 'anne.nouvelle@example.org',
    }
    const elsewhere = await antenne.post('/api/staff/families', { siteId: 1, guardian })
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.body.details).toEqual({ siteId: 'Ce site n’existe pas.' })
    const own = await antenne.post('/api/staff/families', { siteId: 2, guardian })
    expect(own.body).toEqual({ familyId: expect.any(Number), guardianId: expect.any(Number) })
  })
})
