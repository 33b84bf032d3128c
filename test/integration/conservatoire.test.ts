import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, staffCookie, asStaff, type Client } from '../support/api.ts'
import type { TestServer } from '../support/server.ts'
import { firstAdministrator, staffAs, startEmptyServer } from '../support/staff.ts'

const logos = path.join(import.meta.dirname, '..', 'support', 'logos')
const PNG = fs.readFileSync(path.join(logos, 'logo.png'))
const JPEG = fs.readFileSync(path.join(logos, 'logo.jpg'))
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64')

const IDENTITY = {
  name: 'Conservatoire de musique, danse et théâtre de Port-Lanvern',
  address: '3 quai des Arts',
  postalCode: '29 900',
  city: 'PORT-LANVERN',
  phone: '0298001122',
  email: 'Accueil@Conservatoire-Lanvern.example.org',
  website: 'www.conservatoire-lanvern.example.org',
  siret: '732 829 320 00074',
  controllerName: 'La maire de Port-Lanvern',
  controllerEmail: 'mairie@lanvern.example.org',
  dpoName: 'Service mutualisé RGPD',
  dpoEmail: 'dpo@lanvern.example.org',
  homeText: 'Bienvenue sur le portail.\n- consulter vos données\n- vous réinscrire',
}
const SITE = {
  name: 'Conservatoire',
  legalName: '',
  address: '3 quai des Arts',
  postalCode: '29900',
  city: 'PORT-LANVERN',
  phone: '02 98 00 11 22',
  email: '',
}
const GUARDIAN = {
  civility: 'Madame',
  lastName: 'LE GALL',
  firstName: 'Anne',
  address: '4 rue du Port',
  postalCode: '29900',
  city: 'PORT-LANVERN',
  email: 'anne.legall@example.org',
}

let server: TestServer
let admin: Client

beforeAll(async () => {
  server = await startEmptyServer()
  admin = await firstAdministrator(server)
})
afterAll(async () => {
  await server.close()
})

describe('the first run, on an empty database', () => {
  it('starts with nothing set up, and says so where a site is needed', async () => {
    expect(await admin.read('/api/staff/first-run')).toEqual({
      conservatoire: false,
      sites: false,
      canSetUp: true,
    })
    expect(await admin.read('/api/staff/settings/conservatoire')).toEqual({ conservatoire: null })
    const family = asFamily(server)
    const sites = await family.get('/api/family/sites')
    expect(sites.statusCode).toBe(409)
    expect(sites.body).toMatchObject({
      code: 'NO_SITE',
      message:
        'L’extranet n’est pas encore ouvert : le conservatoire termine sa mise en service. Réessayez plus tard.',
    })
    const login = await family.post('/api/family/session', {
      siteId: 1,
      login: 'dupont1',
      password: 'quelconque-mot-de-passe',
    })
    expect(login.statusCode).toBe(409)
    expect(login.body.code).toBe('NO_SITE')
    expect(await family.read('/api/family/conservatoire')).toEqual({
      name: '',
      logoUrl: null,
      open: false,
    })
    const created = await admin.post('/api/staff/families', { siteId: 1, guardian: GUARDIAN })
    expect(created.statusCode).toBe(409)
    expect(created.body).toMatchObject({
      code: 'NO_SITE',
      message:
        'Aucun site n’est encore ouvert : l’administrateur doit d’abord créer un site dans Paramètres, onglet « Sites ».',
    })
  })

  it('refuses an identity with wrong fields, each with its French message, and keeps nothing', async () => {
    const res = await admin.put('/api/staff/settings/conservatoire', {
      ...IDENTITY,
      name: '  ',
      postalCode: '2990',
      siret: '732 829 320 00075',
      email: 'pas-une-adresse',
      website: 'javascript:alert(1)',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body.details).toEqual({
      name: 'Nom du conservatoire : ce champ est obligatoire.',
      postalCode: 'Le code postal compte 5 chiffres (exemple : 29170).',
      siret: 'Ce SIRET n’est pas valide : un chiffre est faux (clé de contrôle).',
      email: 'Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).',
      website: 'Cette adresse n’est pas valide (exemple : https://www.conservatoire.fr).',
    })
    const short = await admin.put('/api/staff/settings/conservatoire', {
      ...IDENTITY,
      siret: '1234',
    })
    expect(short.body.details).toEqual({
      siret: 'Le SIRET compte 14 chiffres (exemple : 732 829 320 00074).',
    })
    expect(await admin.read('/api/staff/settings/conservatoire')).toEqual({ conservatoire: null })
  })

  it('saves the identity in its stored form', async () => {
    const res = await admin.put('/api/staff/settings/conservatoire', IDENTITY)
    expect(res.statusCode).toBe(200)
    expect(await admin.read('/api/staff/settings/conservatoire')).toEqual({
      conservatoire: {
        ...IDENTITY,
        postalCode: '29900',
        phone: '02 98 00 11 22',
        email: 'accueil@conservatoire-lanvern.example.org',
        website: 'https://www.conservatoire-lanvern.example.org/',
        siret: '73282932000074',
        logoUrl: null,
      },
    })
    expect((await admin.read('/api/staff/first-run')).conservatoire).toBe(true)
    expect((await admin.read('/api/staff/first-run')).sites).toBe(false)
  })

  it('refuses a site without its address, then creates it, open', async () => {
    const bad = await admin.post('/api/staff/settings/sites', { ...SITE, address: '', phone: '12' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body.details).toEqual({
      address: 'Adresse : ce champ est obligatoire.',
      phone: 'Ce numéro de téléphone n’est pas valide (exemple : 02 33 94 22 77).',
    })
    const res = await admin.post('/api/staff/settings/sites', SITE)
    expect(res.statusCode).toBe(201)
    const again = await admin.post('/api/staff/settings/sites', { ...SITE, name: 'conservatoire' })
    expect(again.body.details).toEqual({
      name: 'Un autre site porte déjà ce nom : les familles le choisissent par son nom.',
    })
    expect(await admin.read('/api/staff/first-run')).toEqual({
      conservatoire: true,
      sites: true,
      canSetUp: true,
    })
    expect(await asFamily(server).read('/api/family/sites')).toEqual([
      { id: res.body.siteId, name: 'Conservatoire' },
    ])
  })

  it('then "Nouvelle famille" works', async () => {
    const [site] = await admin.read('/api/staff/sites')
    const created = await admin.post('/api/staff/families', { siteId: site.id, guardian: GUARDIAN })
    expect(created.statusCode).toBe(201)
  })

  it('edits a site field by field, closes it only while another stays open', async () => {
    const [site] = await admin.read('/api/staff/settings/sites')
    expect(
      (await admin.put(`/api/staff/settings/sites/${site.id}`, { phone: '02 98 00 99 99' }))
        .statusCode,
    ).toBe(204)
    const lastOne = await admin.put(`/api/staff/settings/sites/${site.id}/open`, { open: false })
    expect(lastOne.statusCode).toBe(409)
    expect(lastOne.body.message).toBe(
      'Ce site est le dernier ouvert : ouvrez-en un autre avant de le fermer.',
    )
    const antenne = await admin.post('/api/staff/settings/sites', {
      ...SITE,
      name: 'Antenne de Kerlouan',
      address: '1 place de la Mairie',
    })
    const closed = await admin.put(`/api/staff/settings/sites/${site.id}/open`, { open: false })
    expect(closed.statusCode).toBe(204)
    expect(await admin.read('/api/staff/settings/sites')).toEqual([
      { ...SITE, id: site.id, phone: '02 98 00 99 99', active: false, families: 1 },
      {
        ...SITE,
        id: antenne.body.siteId,
        name: 'Antenne de Kerlouan',
        address: '1 place de la Mairie',
        active: true,
        families: 0,
      },
    ])
    // A closed site leaves the login page's select; it keeps its family.
    expect(await asFamily(server).read('/api/family/sites')).toEqual([
      { id: antenne.body.siteId, name: 'Antenne de Kerlouan' },
    ])
    expect(await server.db('families').where({ site_id: site.id }).count({ n: '*' })).toEqual([
      { n: 1 },
    ])
    await admin.put(`/api/staff/settings/sites/${site.id}/open`, { open: true })
  })

  it('answers 404 for a site that does not exist', async () => {
    const res = await admin.put('/api/staff/settings/sites/999/open', { open: true })
    expect(res.statusCode).toBe(404)
  })
})

describe('the logo', () => {
  const upload = (content: Buffer | string) =>
    admin.put('/api/staff/settings/conservatoire/logo', { content: base64(content) })

  it('takes a PNG, served with its type, nosniff, a CSP without script, cacheable by version', async () => {
    const res = await upload(PNG)
    expect(res.statusCode).toBe(200)
    const { logoUrl } = await asFamily(server).read('/api/family/conservatoire')
    expect(logoUrl).toMatch(/^\/api\/family\/conservatoire\/logo\?v=[0-9a-f]{16}$/)
    const logo = await asFamily(server).get(logoUrl)
    expect(logo.statusCode).toBe(200)
    expect(logo.headers['content-type']).toBe('image/png')
    expect(logo.headers['x-content-type-options']).toBe('nosniff')
    expect(logo.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    )
    expect(logo.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await server.portal.inject(logoUrl)).rawPayload).toEqual(PNG)
  })

  it('takes a JPEG, whatever it is called: the type comes from the bytes', async () => {
    expect((await upload(JPEG)).statusCode).toBe(200)
    const logo = await asStaff(
      server,
      await staffCookie(server, 'direction', 'Conservatoire-Neuf-2026!'),
    ).get('/api/staff/settings/conservatoire/logo')
    expect(logo.headers['content-type']).toBe('image/jpeg')
    expect(logo.headers['cache-control']).toBe('no-cache')
  })

  it('takes a plain SVG drawn with internal references only', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs>' +
      '<rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>'
    expect((await upload(svg)).statusCode).toBe(200)
    const { logoUrl } = await asFamily(server).read('/api/family/conservatoire')
    const logo = await asFamily(server).get(logoUrl)
    expect(logo.headers['content-type']).toBe('image/svg+xml')
    expect(logo.payload).toBe(svg)
  })

  const hostile: Record<string, [string, string]> = {
    script: [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      'Le logo SVG est refusé : il contient un script.',
    ],
    'event attribute': [
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
      'Le logo SVG est refusé : il contient un attribut d’événement (comme onload).',
    ],
    foreignObject: [
      '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
      'Le logo SVG est refusé : il contient un élément foreignObject.',
    ],
    'external image': [
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://pisteur.example.com/p.png"/></svg>',
      'Le logo SVG est refusé : il fait référence à un fichier ou une adresse extérieurs.',
    ],
    'javascript link in entities': [
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="&#106;avascript:alert(1)"><rect/></a></svg>',
      'Le logo SVG est refusé : il fait référence à un fichier ou une adresse extérieurs.',
    ],
    'entity declaration': [
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
      'Le logo SVG est refusé : il contient une déclaration de document (DOCTYPE ou ENTITY).',
    ],
    'not well-formed': [
      '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
      'Le logo SVG est refusé : ce n’est pas un fichier SVG valide.',
    ],
  }
  for (const [name, [svg, message]] of Object.entries(hostile)) {
    it(`refuses an SVG with ${name}, and keeps the logo it had`, async () => {
      const before = await asFamily(server).read('/api/family/conservatoire')
      const res = await upload(svg)
      expect(res.statusCode).toBe(400)
      expect(res.body).toMatchObject({ code: 'VALIDATION', message, details: { logo: message } })
      expect(await asFamily(server).read('/api/family/conservatoire')).toEqual(before)
    })
  }

  it('refuses what is not an image, and a logo over 500 Ko', async () => {
    const text = await upload('%PDF-1.7 un document')
    expect(text.body.message).toBe('Le logo doit être une image PNG, JPEG ou SVG.')
    const big = Buffer.concat([PNG, Buffer.alloc(500 * 1024)])
    const res = await upload(big)
    expect(res.statusCode).toBe(400)
    expect(res.body.details).toEqual({ content: 'Le logo est trop lourd : 500 Ko au plus.' })
  })

  it('removes the logo', async () => {
    const res = await admin.del('/api/staff/settings/conservatoire/logo')
    expect(res.statusCode).toBe(204)
    expect((await asFamily(server).read('/api/family/conservatoire')).logoUrl).toBeNull()
    expect((await asFamily(server).get('/api/family/conservatoire/logo')).statusCode).toBe(404)
  })
})

describe('who may change the settings', () => {
  it('lets any staff member read them, only the administrator change them (403)', async () => {
    const secretariat = await staffAs(server, 'secretariat', { siteIds: [1] })
    expect((await secretariat.get('/api/staff/settings/conservatoire')).statusCode).toBe(200)
    expect((await secretariat.get('/api/staff/settings/sites')).statusCode).toBe(200)
    expect((await secretariat.read('/api/staff/first-run')).canSetUp).toBe(false)
    const changes: [Promise<{ statusCode: number }>, string][] = [
      [secretariat.put('/api/staff/settings/conservatoire', IDENTITY), 'identity'],
      [secretariat.put('/api/staff/settings/conservatoire/logo', { content: base64(PNG) }), 'logo'],
      [secretariat.del('/api/staff/settings/conservatoire/logo'), 'logo removal'],
      [secretariat.post('/api/staff/settings/sites', { ...SITE, name: 'Autre' }), 'new site'],
      [secretariat.put('/api/staff/settings/sites/1', { phone: '02 98 00 00 00' }), 'site'],
      [secretariat.put('/api/staff/settings/sites/1/open', { open: false }), 'closing'],
    ]
    for (const [answer, what] of changes) expect((await answer).statusCode, what).toBe(403)
    expect((await server.db('sites').where({ name: 'Autre' })).length).toBe(0)
  })
})
