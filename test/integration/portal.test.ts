import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_HOME_TEXT } from '../../db/rules/conservatoire.ts'
import { asFamily, familyCookie, familyLogin, homeStatus } from '../support/api.ts'
import { MINUTE } from '../support/clock.ts'
import {
  cookieFrom,
  DEMO_PASSWORD,
  json,
  startTestServer,
  type TestServer,
} from '../support/server.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.close()
})

const login = (siteId: number, identifiant: string, password?: string) =>
  familyLogin(server, siteId, identifiant, password)

/** The families' listener, without a session or with this one. */
const portal = (cookie?: string) => asFamily(server, cookie)

describe('family login on the portal listener', () => {
  it('lists the active sites for the login page', async () => {
    const res = await portal().get('/api/family/sites')
    expect(res.statusCode).toBe(200)
    expect(res.body).toEqual([
      { id: 1, name: 'Conservatoire' },
      { id: 2, name: 'Antenne de Sainte-Maxime' },
    ])
  })

  it('opens a session held by an HttpOnly, SameSite cookie and shows the home data', async () => {
    const res = await login(1, 'dupont1')
    expect(res.statusCode).toBe(204)
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/^portee_famille=/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).not.toContain('Secure') // PUBLIC_URL is http here
    const home = await portal(cookieFrom(res.headers['set-cookie'])).get('/api/family/home')
    expect(home.statusCode).toBe(200)
    expect(home.headers['cache-control']).toBe('no-store')
    expect(home.body).toEqual({
      guardian: { civility: 'Monsieur', lastName: 'DUPONT', firstName: 'Gérard' },
      pupils: [
        { id: 1, lastName: 'DUPONT', firstName: 'Gérard' },
        { id: 2, lastName: 'DUPONT', firstName: 'Léa' },
      ],
      site: {
        name: 'Conservatoire',
        legalName: 'Conservatoire de musique, danse et théâtre du Golfe',
        address: '12 avenue des Arts',
        postalCode: '83310',
        city: 'COGOLIN',
      },
      // The demo conservatoire's Accueil text (the default one) and its privacy contact.
      conservatoire: {
        homeText: DEFAULT_HOME_TEXT,
        privacyContact: {
          name: 'Délégué à la protection des données du Golfe',
          email: 'dpo@example.org',
        },
      },
    })
  })

  it('accepts the identifiant whatever its case and surrounding spaces', async () => {
    expect((await login(1, '  DUPONT2 ')).statusCode).toBe(204)
  })

  it('scopes identifiants by site: dupont1 at the Antenne is another family', async () => {
    const res = await login(2, 'dupont1')
    const home = await portal(cookieFrom(res.headers['set-cookie'])).get('/api/family/home')
    expect(home.body).toMatchObject({
      guardian: { lastName: 'DUPONT', firstName: 'Marc' },
      pupils: [{ firstName: 'Hugo' }],
      site: { name: 'Antenne de Sainte-Maxime', city: 'SAINTE-MAXIME' },
    })
  })

  it('answers one and the same message for a wrong site, identifiant or password', async () => {
    const answers = await Promise.all([
      login(2, 'abolant1'), // right account, wrong site
      login(1, 'personne'),
      login(1, 'abolant1', 'mauvais mot de passe'),
      login(99, 'abolant1'),
    ])
    for (const res of answers) {
      expect(res.statusCode).toBe(401)
      expect(res.headers['set-cookie']).toBeUndefined()
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Site, identifiant ou mot de passe incorrect. Vérifiez votre saisie.',
        details: {},
      })
    }
  })

  it('logs every login and failure in the audit log, without the password', async () => {
    await login(1, 'abolant1', 'Secret-de-test-42')
    const rows = await server
      .db('audit_log')
      .whereIn('action', ['family.login', 'family.login_failed'])
    expect(rows.some((r: { action: string }) => r.action === 'family.login')).toBe(true)
    expect(rows.some((r: { action: string }) => r.action === 'family.login_failed')).toBe(true)
    expect(JSON.stringify(rows)).not.toContain('Secret-de-test-42')
    expect(JSON.stringify(rows)).not.toContain(DEMO_PASSWORD)
  })

  it('ends the session on the server at Déconnexion: the old cookie opens nothing', async () => {
    const cookie = await familyCookie(server, 1, 'abolant1')
    const out = await portal(cookie).del('/api/family/session')
    expect(out.statusCode).toBe(204)
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0')
    const replay = await portal(cookie).get('/api/family/home')
    expect(replay.statusCode).toBe(401)
    expect(replay.payload).not.toContain('ABOLANT')
  })

  it('ends a session left idle for 30 minutes, and says it expired', async () => {
    const cookie = await familyCookie(server, 2, 'torrice1')
    const home = () => portal(cookie).get('/api/family/home')
    expect((await home()).statusCode).toBe(200)
    server.clock.advance(29 * MINUTE)
    expect((await home()).statusCode).toBe(200)
    server.clock.advance(31 * MINUTE)
    const res = await home()
    expect(res.statusCode).toBe(401)
    expect(res.body).toMatchObject({
      code: 'SESSION_EXPIRED',
      message: 'Votre session a expiré. Veuillez vous reconnecter.',
    })
  })

  it('keeps a session in use alive past the idle time, until 12 hours after the login', async () => {
    const cookie = await familyCookie(server, 1, 'abolant1')
    const home = () => portal(cookie).get('/api/family/home')
    // Used every 20 minutes: never 30 minutes idle, so it holds…
    for (let used = 0; used < 11 * 60; used += 20) {
      server.clock.advance(20 * MINUTE)
      expect((await home()).statusCode).toBe(200)
    }
    // …until the absolute limit, used or not.
    server.clock.advance(61 * MINUTE)
    expect((await home()).body).toMatchObject({ code: 'SESSION_EXPIRED' })
  })

  it('ends the earlier session of the browser at a new login', async () => {
    const first = await familyCookie(server, 1, 'dupont1')
    const second = await familyLogin(server, 1, 'dupont1', DEMO_PASSWORD, {
      headers: { cookie: first },
    })
    expect(second.statusCode).toBe(204)
    expect(await homeStatus(server, first)).toBe(401)
  })

  it('refuses a forged or tampered cookie', async () => {
    const cookie = await familyCookie(server, 1, 'dupont1')
    const tampered = cookie.slice(0, -4) + 'AAAA'
    for (const c of [tampered, 'portee_famille=Fe26.2**abc', 'portee_famille=random']) {
      expect(await homeStatus(server, c)).toBe(401)
    }
  })

  it('refuses a disabled access, with the same message', async () => {
    await server
      .db('guardians')
      .where({ login: 'dupont2', site_id: 1 })
      .update({ access_enabled: false })
    const res = await login(1, 'dupont2')
    expect(res.statusCode).toBe(401)
    expect(res.body).toMatchObject({ code: 'INVALID_CREDENTIALS' })
    await server
      .db('guardians')
      .where({ login: 'dupont2', site_id: 1 })
      .update({ access_enabled: true })
  })
})

describe('bad input and unknown routes', () => {
  it('answers 400 in French, without a stack, to a payload the route does not expect', async () => {
    const res = await portal().post('/api/family/session', {
      siteId: 1,
      login: 'dupont1',
      password: 'x',
      isAdmin: true,
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION',
      message: 'Les données envoyées sont incorrectes. Vérifiez votre saisie.',
      details: { isAdmin: 'Ce champ n’est pas attendu.' },
    })
    const missing = await portal().post('/api/family/session', { siteId: 'un' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body.details).toMatchObject({
      siteId: 'Ce champ doit être un nombre.',
      login: 'Ce champ est obligatoire.',
      password: 'Ce champ est obligatoire.',
    })
  })

  it('answers 400 in French to a body that is not JSON', async () => {
    const res = await portal().post('/api/family/session', '{pas du json', {
      headers: { 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toMatchObject({ code: 'VALIDATION', message: 'La demande est incorrecte.' })
    expect(res.payload).not.toMatch(/at .*\.js|stack/i)
  })

  it('refuses a query string a route does not take, and anything but JSON', async () => {
    const cookie = await familyCookie(server, 1, 'dupont1')
    const query = await portal(cookie).get('/api/family/home?family_id=2')
    expect(query.statusCode).toBe(400)
    expect(query.body.code).toBe('VALIDATION')
    const form = await portal().post(
      '/api/family/session',
      `siteId=1&login=dupont1&password=${encodeURIComponent(DEMO_PASSWORD)}`,
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    )
    expect(form.statusCode).toBe(415)
    expect(form.body.message).toBe('Le format des données envoyées n’est pas accepté.')
  })

  it('takes a record id as joi would: plain or not, and refuses what is not one', async () => {
    const family = portal(await familyCookie(server, 1, 'dupont1'))
    for (const id of ['1', '01', '+1', '1.0']) {
      const res = await family.get(`/api/family/pupils/${id}`)
      expect(res.statusCode, id).toBe(200)
      expect(res.body.id, id).toBe(1)
    }
    for (const id of ['abc', '0', '-1', '1.5', '2147483648']) {
      const res = await family.get(`/api/family/pupils/${id}`)
      expect(res.statusCode, id).toBe(400)
      expect(res.body.code, id).toBe('VALIDATION')
    }
  })

  it('answers a missing asset with 404, not with the app’s page', async () => {
    expect((await portal().get('/assets/ancien-morceau.js')).statusCode).toBe(404)
  })

  it('answers 404 in JSON to an unknown API route, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await server.portal.inject({
        method,
        url: method === 'GET' ? '/api' : '/api/family/nothing-here',
      })
      expect(res.statusCode).toBe(404)
      expect(json(res)).toMatchObject({ code: 'NOT_FOUND', message: 'Cette adresse n’existe pas.' })
    }
  })

  it('needs a session for the family data', async () => {
    const res = await portal().get('/api/family/home')
    expect(res.statusCode).toBe(401)
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('never serves the staff API on the portal listener', async () => {
    const login = await portal().post('/api/staff/session', {
      login: 'admin',
      password: DEMO_PASSWORD,
    })
    expect(login.statusCode).toBe(404)
    expect((await portal().get('/api/staff/families')).statusCode).toBe(404)
  })
})
