import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  asFamily,
  asStaff,
  decide as decideAs,
  expectShutOut,
  familyCookie,
  lastMail,
  staffCookie,
  type Client,
} from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer
const families: Record<string, string> = {}
let staff: Client

beforeAll(async () => {
  server = await startTestServer()
  families['gerard'] = await familyCookie(server, 1, 'dupont1')
  families['claire'] = await familyCookie(server, 1, 'dupont2')
  families['jocelyne'] = await familyCookie(server, 1, 'abolant1')
  families['emilie'] = await familyCookie(server, 2, 'torrice1')
  families['marc'] = await familyCookie(server, 2, 'dupont1')
  staff = asStaff(server, await staffCookie(server))
})
afterAll(async () => {
  await server.close()
})

const as = (who: string) => asFamily(server, families[who] ?? '')

const put = (who: string, url: string, values: Record<string, unknown>) =>
  as(who).put(url, { values })

async function requestOf(targetName: string): Promise<number> {
  const list = await staff.read('/api/staff/change-requests')
  const found = list.items.find((r: { targetName: string }) => r.targetName === targetName)
  if (!found) throw new Error(`no pending request for ${targetName}`)
  return found.id
}

const decide = (id: number, decisions: Record<string, string>, comment = '') =>
  decideAs(staff, id, decisions, comment)

describe('a family asks to change its records', () => {
  it('changes nothing yet: the values wait in the sas, formatted the French way', async () => {
    const res = await put('gerard', '/api/family/guardian', {
      phoneMobile: '0612345678',
      profession: 'Luthier',
    })
    expect(res.statusCode).toBe(200)
    const view = res.body
    expect(view.values.phoneMobile).toBe('')
    expect(view.pending.values).toEqual({ phoneMobile: '06 12 34 56 78', profession: 'Luthier' })
    const row = await server.db('guardians').where({ id: 1 }).first()
    expect(row.phone_mobile).toBe('')
    expect(row.profession).toBe('')
    const mail = await lastMail(server, 'acknowledgement')
    expect(mail.to_address).toBe('gerard.dupont@example.org')
    expect(mail.subject).toContain('Accusé de réception')
    expect(mail.text).toContain('Mobile : 06 12 34 56 78')
  })

  it('updates the same request on a second change, and drops a field set back', async () => {
    await put('gerard', '/api/family/guardian', { profession: 'Facteur d’orgues', phoneMobile: '' })
    const requests = await server
      .db('change_requests')
      .where({ target_type: 'guardian', target_id: 1, status: 'pending' })
    expect(requests).toHaveLength(1)
    const view = await as('gerard').read('/api/family/record')
    expect(view.guardians[0].pending.values).toEqual({ profession: 'Facteur d’orgues' })
  })

  it('shows both guardians the same data and the same pending state', async () => {
    const claire = await as('claire').read('/api/family/record')
    expect(claire.guardians.map((g: { self: boolean }) => g.self)).toEqual([false, true])
    expect(claire.guardians[0].pending.values).toEqual({ profession: 'Facteur d’orgues' })
    await put('claire', '/api/family/pupils/2', { schoolLevel: '6e' })
    const gerard = await as('gerard').read('/api/family/pupils/2')
    expect(gerard.pending.values).toEqual({ schoolLevel: '6e' })
    expect(gerard.values.schoolLevel).toBe('CM2')
  })

  it('says what to fix, next to each field, and changes nothing', async () => {
    const res = await put('jocelyne', '/api/family/pupils/3', {
      phoneMobile: '12',
      postalCode: '2917',
      email: 'pas-une-adresse',
      birthDate: '31/02/2010',
      lastName: '',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body.details).toEqual({
      phoneMobile: 'Ce numéro de téléphone n’est pas valide (exemple : 02 33 94 22 77).',
      postalCode: 'Le code postal compte 5 chiffres (exemple : 29170).',
      email: 'Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).',
      birthDate: 'Cette date n’est pas valide (exemple : 14/09/1995).',
      lastName: 'Nom : ce champ est obligatoire.',
    })
    expect(
      await server.db('change_requests').where({ target_type: 'pupil', target_id: 3 }),
    ).toHaveLength(0)
  })

  it('refuses mass-assignment: ids, sites and statuses are not fields', async () => {
    for (const values of [
      { family_id: '2' },
      { siteId: '2' },
      { site_id: '2' },
      { status: 'closed' },
      { accessEnabled: false },
    ]) {
      const res = await put('jocelyne', '/api/family/guardian', values)
      expect(res.statusCode).toBe(400)
      expect(Object.values(res.body.details)).toEqual(['Ce champ ne peut pas être modifié.'])
    }
    const numeric = await put('jocelyne', '/api/family/guardian', { family_id: 2 })
    expect(numeric.statusCode).toBe(400)
    expect(numeric.body.details).toEqual({
      'values.family_id': 'Cette valeur n’a pas le type attendu.',
    })
    const extra = await as('jocelyne').put('/api/family/guardian', {
      values: { profession: 'x' },
      familyId: 2,
    })
    expect(extra.statusCode).toBe(400)
    expect(
      await server.db('change_requests').where({ target_id: 3, target_type: 'guardian' }),
    ).toHaveLength(0)
  })
})

describe('no family reaches another family’s records', () => {
  // Pupils: 1-2 DUPONT (Conservatoire), 3 ABOLANT, 4 TORRICE (Antenne), 5 DUPONT Hugo (Antenne).
  const matrix: [string, number, boolean][] = [
    ['gerard', 2, true],
    ['claire', 1, true],
    ['gerard', 3, false],
    ['gerard', 5, false],
    ['jocelyne', 1, false],
    ['emilie', 4, true],
    ['emilie', 5, false],
    ['marc', 5, true],
    ['marc', 2, false],
    ['marc', 999, false],
  ]
  it.each(matrix)('%s and pupil %i: allowed %s', async (who, pupilId, allowed) => {
    const read = await as(who).get(`/api/family/pupils/${pupilId}`)
    const write = await put(who, `/api/family/pupils/${pupilId}`, { birthPlace: 'Ailleurs' })
    // The pupil's tabs Cours, Historique, Répertoire: the same answer as the record.
    for (const tab of ['courses', 'history', 'repertoire']) {
      const res = await as(who).get(`/api/family/pupils/${pupilId}/${tab}`)
      expect(res.statusCode, tab).toBe(allowed ? 200 : 404)
      if (!allowed) expect(res.body.message).toBe('Cette fiche est introuvable.')
    }
    if (allowed) {
      expect(read.statusCode).toBe(200)
      expect(write.statusCode).toBe(200)
      const restore = await put(who, `/api/family/pupils/${pupilId}`, {
        birthPlace: read.body.values.birthPlace,
      })
      expect(restore.statusCode).toBe(200)
      expect(restore.body.pending?.values.birthPlace).toBeUndefined()
    } else {
      for (const res of [read, write]) {
        expect(res.statusCode).toBe(404)
        expect(res.body).toMatchObject({
          code: 'NOT_FOUND',
          message: 'Cette fiche est introuvable.',
        })
      }
    }
  })

  it('lists only the family’s own pupils and guardians', async () => {
    const view = await as('marc').read('/api/family/record')
    expect(view.pupils.map((p: { firstName: string }) => p.firstName)).toEqual(['Hugo'])
    expect(
      view.guardians.map((g: { values: { firstName: string } }) => g.values.firstName),
    ).toEqual(['Marc'])
  })

  it('answers 401 without a session, and the staff routes are not on the portal', async () => {
    expect((await asFamily(server).get('/api/family/pupils/1')).statusCode).toBe(401)
    expect((await as('gerard').get('/api/staff/change-requests')).statusCode).toBe(404)
  })
})

describe('the secretariat validates', () => {
  it('lists the pending requests oldest first, with what they change', async () => {
    const res = await staff.read('/api/staff/change-requests')
    const names = res.items.map((r: { targetName: string }) => r.targetName)
    expect(names.slice(0, 2)).toEqual(['DUPONT Gérard', 'DUPONT Léa'])
    expect(res.items[0].fields).toEqual(['Profession'])
    const count = await staff.read('/api/staff/change-requests/count')
    expect(count.count).toBe(res.items.length)
  })

  it('shows Champ / Valeur actuelle / Valeur demandée, and a staff change made since', async () => {
    await put('jocelyne', '/api/family/guardian', {
      phoneMobile: '06 11 22 33 44',
      city: 'GRIMAUD',
    })
    const edit = await staff.put('/api/staff/guardians/3', {
      values: { city: 'LA GARDE-FREINET' },
    })
    expect(edit.statusCode).toBe(204)
    const id = await requestOf('ABOLANT Jocelyne')
    const view = await staff.read(`/api/staff/change-requests/${id}`)
    expect(view.rows).toEqual([
      {
        field: 'city',
        label: 'Ville',
        current: 'LA GARDE-FREINET',
        requested: 'GRIMAUD',
        changedSince: true,
      },
      {
        field: 'phoneMobile',
        label: 'Mobile',
        current: '',
        requested: '06 11 22 33 44',
        changedSince: false,
      },
    ])

    const decided = await decide(
      id,
      { phoneMobile: 'accept', city: 'refuse' },
      'La ville a été corrigée par téléphone.',
    )
    expect(decided.body).toEqual({ closed: true })
    const row = await server.db('guardians').where({ id: 3 }).first()
    expect(row.phone_mobile).toBe('06 11 22 33 44')
    expect(row.city).toBe('LA GARDE-FREINET')
    const family = await as('jocelyne').read('/api/family/record')
    expect(family.guardians[0].pending).toBeNull()
    expect(family.guardians[0].values.phoneMobile).toBe('06 11 22 33 44')
    const mail = await lastMail(server, 'decision')
    expect(mail.text).toContain('Modifications acceptées :\nMobile : 06 11 22 33 44')
    expect(mail.text).toContain('Modifications refusées :\nVille : GRIMAUD')
    expect(mail.text).toContain('La ville a été corrigée par téléphone.')
    expect((await staff.read(`/api/staff/change-requests/${id}`)).code).toBe('NOT_FOUND')
  })

  it('decides nothing when the family changed its request since staff opened it', async () => {
    await put('jocelyne', '/api/family/pupils/3', { schoolLevel: '5e' })
    const id = await requestOf('ABOLANT Adrien')
    const seen = await staff.read(`/api/staff/change-requests/${id}`)
    await put('jocelyne', '/api/family/pupils/3', { schoolLevel: '4e' })
    const stale = await staff.post(`/api/staff/change-requests/${id}/decision`, {
      revision: seen.revision,
      decisions: { schoolLevel: 'accept' },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.body.message).toContain('La famille a modifié sa demande')
    expect((await server.db('pupils').where({ id: 3 }).first()).school_level).not.toBe('4e')
    const now = await staff.read(`/api/staff/change-requests/${id}`)
    expect(now.rows[0]).toMatchObject({ field: 'schoolLevel', requested: '4e' })
    expect((await decide(id, { schoolLevel: 'accept' })).body).toEqual({ closed: true })
    expect((await server.db('pupils').where({ id: 3 }).first()).school_level).toBe('4e')
  })

  it('sends no acknowledgement when a family only takes a change back', async () => {
    await put('jocelyne', '/api/family/pupils/3', { birthPlace: 'Fréjus (83)' })
    const before = await server.db('outbox').where({ kind: 'acknowledgement' })
    const res = await put('jocelyne', '/api/family/pupils/3', { birthPlace: 'Meaux (77)' })
    expect(res.body.pending).toBeNull()
    expect(await server.db('outbox').where({ kind: 'acknowledgement' })).toHaveLength(before.length)
    const audit = await server
      .db('audit_log')
      .where({ action: 'family.change_requested', entity_type: 'pupil', entity_id: 3 })
      .orderBy('id', 'desc')
      .first()
    expect(JSON.parse(audit.details)).toMatchObject({ fields: [], withdrawn: ['birthPlace'] })
  })

  it('keeps undecided fields waiting, and takes a new request on a field already decided', async () => {
    await put('emilie', '/api/family/pupils/4', {
      birthPlace: 'Toulon (83)',
      schoolLevel: 'Études supérieures',
    })
    const id = await requestOf('TORRICE Emilie')
    const partial = await decide(id, { birthPlace: 'accept' })
    expect(partial.body).toEqual({ closed: false })
    // The family is told at once what was decided.
    const told = await lastMail(server, 'decision')
    expect(told.to_address).toBe('emilie.torrice@example.org')
    expect(told.text).toContain('Modifications acceptées :\nLieu de naissance : Toulon (83)')
    expect(told.subject).toContain('traitée en partie')
    expect(told.text).toContain(
      'Toujours en attente de la décision du secrétariat :\nNiveau scolaire : Études supérieures',
    )
    const again = await put('emilie', '/api/family/pupils/4', { birthPlace: 'Hyères (83)' })
    expect(again.statusCode).toBe(200)
    expect(again.body.pending.values).toEqual({
      birthPlace: 'Hyères (83)',
      schoolLevel: 'Études supérieures',
    })
    const view = await staff.read(`/api/staff/change-requests/${id}`)
    expect(view.rows.map((r: { field: string; current: string }) => [r.field, r.current])).toEqual([
      ['birthPlace', 'Toulon (83)'],
      ['schoolLevel', ''],
    ])
    expect((await decide(id, { birthPlace: 'refuse' })).body).toEqual({ closed: false })
    // The rest taken back: the request closes, what was decided stays decided.
    const back = await put('emilie', '/api/family/pupils/4', { schoolLevel: '' })
    expect(back.body.pending).toBeNull()
    expect((await server.db('change_requests').where({ id }).first()).status).toBe('closed')
    expect(
      await server.db('change_request_fields').where({ request_id: id, decision: 'refused' }),
    ).toHaveLength(1)
  })

  it('applies a decision in one transaction: a failure midway changes nothing', async () => {
    await put('marc', '/api/family/pupils/5', { birthPlace: 'Draguignan (83)', schoolLevel: '5e' })
    const id = await requestOf('DUPONT Hugo')
    // The decision mail is written last; make SQLite refuse it.
    await server.db.raw(
      `CREATE TRIGGER refuse_decision_mail BEFORE INSERT ON outbox WHEN NEW.kind = 'decision'
       BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    )
    try {
      expect((await decide(id, { birthPlace: 'accept', schoolLevel: 'accept' })).statusCode).toBe(
        500,
      )
    } finally {
      await server.db.raw('DROP TRIGGER refuse_decision_mail')
    }
    const pupil = await server.db('pupils').where({ id: 5 }).first()
    expect([pupil.birth_place, pupil.school_level]).toEqual(['Fréjus (83)', '4e'])
    expect((await server.db('change_requests').where({ id }).first()).status).toBe('pending')
    expect(
      await server.db('change_request_fields').where({ request_id: id, decision: 'pending' }),
    ).toHaveLength(2)
    // Taken back, so that the next test starts from Hugo's own record.
    await put('marc', '/api/family/pupils/5', { birthPlace: 'Fréjus (83)', schoolLevel: '4e' })
  })

  it('applies "Tout accepter" in one transaction, and keeps the family search in step', async () => {
    await put('marc', '/api/family/pupils/5', { firstName: 'Hugues', schoolLevel: '3e' })
    const id = await requestOf('DUPONT Hugo')
    expect((await decide(id, { firstName: 'accept', schoolLevel: 'accept' })).body).toEqual({
      closed: true,
    })
    const pupil = await server.db('pupils').where({ id: 5 }).first()
    expect([pupil.first_name, pupil.school_level]).toEqual(['Hugues', '3e'])
    const found = await staff.read('/api/staff/families?q=hugues')
    expect(found.total).toBe(1)
  })

  it('keeps who, when, old and new values in the audit log, readable on the family', async () => {
    const audit = await staff.read('/api/staff/families/2/audit')
    type Entry = { actor: string; what: string; detail: string }
    const decided = audit.items.find(
      (e: Entry) => e.what === 'Demande traitée' && e.detail.startsWith('Mobile'),
    )
    expect(decided.actor).toBe('Administrateur')
    expect(decided.detail).toBe(
      'Mobile : « — » → « 06 11 22 33 44 » ; refusé : Ville « GRIMAUD » ; commentaire : La ville a été corrigée par téléphone.',
    )
    const edited = audit.items.find((e: Entry) => e.what === 'Fiche du responsable modifiée')
    expect(edited.detail).toBe('Ville : « COGOLIN » → « LA GARDE-FREINET »')
    const asked = audit.items.find((e: Entry) => e.what === 'Demande de modification')
    expect(asked.actor).toBe('ABOLANT Jocelyne')
  })

  it('tells both the old and the new address when a guardian’s e-mail changes', async () => {
    await put('emilie', '/api/family/guardian', { email: 'emilie.t@example.net' })
    const id = await requestOf('TORRICE Emilie')
    expect((await decide(id, { email: 'accept' })).body).toEqual({ closed: true })
    const mails = await server
      .db('outbox')
      .where({ kind: 'decision' })
      .orderBy('id', 'desc')
      .limit(2)
    expect(mails.map((m: { to_address: string }) => m.to_address).sort()).toEqual([
      'emilie.t@example.net',
      'emilie.torrice@example.org',
    ])
  })

  it('closes the pending requests of an archived pupil: nothing left to decide', async () => {
    expect(
      (await put('claire', '/api/family/pupils/1', { birthPlace: 'Quimper (29)' })).statusCode,
    ).toBe(200)
    const gerardPupil = (await staff.read('/api/staff/change-requests')).items.find(
      (r: { targetType: string; targetName: string }) =>
        r.targetType === 'pupil' && r.targetName === 'DUPONT Gérard',
    )
    expect(gerardPupil.fields).toEqual(['Lieu de naissance'])
    const archived = await staff.post('/api/staff/pupils/1/archive')
    expect(archived.statusCode).toBe(204)
    const list = await staff.read('/api/staff/change-requests')
    expect(list.items.map((r: { id: number }) => r.id)).not.toContain(gerardPupil.id)
    expect((await staff.read(`/api/staff/change-requests/${gerardPupil.id}`)).code).toBe(
      'NOT_FOUND',
    )
    const audit = await staff.read('/api/staff/families/1/audit')
    expect(audit.items.find((e: { what: string }) => e.what === 'Élève archivé').detail).toBe(
      'sa demande en attente est close',
    )
  })
})

describe('staff edit directly, with the same checks', () => {
  it('creates a family with its guardian, adds a pupil, archives it', async () => {
    const guardian = {
      civility: 'Madame',
      lastName: 'NOUVEAU',
      firstName: 'Inès',
      address: '1 rue du Port',
      postalCode: '83990',
      city: 'SAINT-TROPEZ',
      email: 'ines.nouveau@example.org',
      phoneMobile: '+33 6 98 76 54 32',
    }
    const bad = await staff.post('/api/staff/families', {
      siteId: 1,
      guardian: { ...guardian, city: '', postalCode: 'abc' },
    })
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.body.details).sort()).toEqual(['city', 'postalCode'])
    const created = (await staff.post('/api/staff/families', { siteId: 1, guardian })).body
    const g = await server.db('guardians').where({ id: created.guardianId }).first()
    expect(g.phone_mobile).toBe('06 98 76 54 32')
    const pupil = await staff.post(`/api/staff/families/${created.familyId}/pupils`, {
      values: {
        civility: 'Monsieur',
        lastName: 'NOUVEAU',
        firstName: 'Sacha',
        birthDate: '02/03/2016',
      },
    })
    expect(pupil.statusCode).toBe(201)
    const detail = await staff.read(`/api/staff/families/${created.familyId}`)
    expect(detail.pupils[0]).toMatchObject({ firstName: 'Sacha', birthDate: '2016-03-02' })
    const archived = await staff.post(`/api/staff/families/${created.familyId}/archive`)
    expect(archived.statusCode).toBe(204)
    const found = await staff.read('/api/staff/families?q=nouveau')
    expect(found.total).toBe(0)
  })
})

describe('a guardian who leaves the family', () => {
  it('is archived: no login, sessions ended, the other one becomes responsable 1', async () => {
    const claire = await familyCookie(server, 1, 'dupont2')
    const gerard = await familyCookie(server, 1, 'dupont1')
    const res = await staff.post('/api/staff/guardians/1/archive')
    expect(res.statusCode).toBe(204)
    await expectShutOut(server, { cookie: gerard, siteId: 1, login: 'dupont1' })
    const view = await asFamily(server, claire).read('/api/family/record')
    expect(view.guardians).toHaveLength(1)
    expect(view.guardians[0]).toMatchObject({ rank: 1, self: true })
    const detail = await staff.read('/api/staff/families/1')
    expect(
      detail.guardians.map((g: { firstName: string; rank: number }) => [g.firstName, g.rank]),
    ).toEqual([['Claire', 1]])
    const last = await staff.post('/api/staff/guardians/2/archive')
    expect(last.statusCode).toBe(409)
    expect(last.body.message).toBe(
      'Une famille garde au moins un responsable : archivez plutôt la famille.',
    )
    // A second guardian can be added again.
    const added = await staff.post('/api/staff/families/1/guardians', {
      values: {
        civility: 'Monsieur',
        lastName: 'DUPONT',
        firstName: 'Paul',
        address: '15 rue des Fleurs',
        postalCode: '29170',
        city: 'FOUESNANT',
        email: 'paul.dupont@example.org',
      },
    })
    expect(added.statusCode).toBe(201)
  })
})
