import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asStaff, familyCookie, staffCookie, staffLogin, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer
/** The demo administrator's session. */
let staff: Client

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 300 })
  staff = asStaff(server, await staffCookie(server))
})
afterAll(async () => {
  await server.close()
})

type FamilyList = {
  total: number
  previous: string | null
  next: string | null
  items: {
    id: number
    name: string
    siteName: string
    guardians: { login: string }[]
    pupils: { firstName: string }[]
  }[]
}

async function families(query: string): Promise<FamilyList> {
  const res = await staff.get(`/api/staff/families${query}`)
  expect(res.statusCode).toBe(200)
  return res.body as FamilyList
}

describe('staff login', () => {
  it('refuses a wrong password with a French message', async () => {
    const res = await staffLogin(server, 'admin', 'non')
    expect(res.statusCode).toBe(401)
    expect(res.body).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Identifiant ou mot de passe incorrect. Vérifiez votre saisie.',
    })
  })

  it('tells who is logged in, with the role and the sites', async () => {
    expect(await staff.read('/api/staff/me')).toEqual({
      login: 'admin',
      displayName: 'Administrateur',
      role: 'admin',
      roleLabel: 'Administrateur',
      allSites: true,
      sites: [
        { id: 1, name: 'Conservatoire' },
        { id: 2, name: 'Antenne de Sainte-Maxime' },
      ],
    })
  })

  it('does not take a family session as a staff one', async () => {
    const family = await familyCookie(server, 1, 'dupont1')
    const asStaffCookie = family.replace('portee_famille=', 'portee_staff=')
    const res = await asStaff(server, asStaffCookie).get('/api/staff/families')
    expect(res.statusCode).toBe(401)
  })

  it('ends the session of a staff member whose account is deactivated', async () => {
    const own = asStaff(server, await staffCookie(server))
    await server.db('staff_users').where({ login: 'admin' }).update({ active: false })
    try {
      expect((await own.get('/api/staff/families')).statusCode).toBe(401)
    } finally {
      await server.db('staff_users').where({ login: 'admin' }).update({ active: true })
    }
  })

  it('needs a session for every staff route', async () => {
    for (const url of ['/api/staff/me', '/api/staff/families', '/api/staff/families/1']) {
      expect((await asStaff(server).get(url)).statusCode).toBe(401)
    }
  })
})

describe('the Familles list', () => {
  it('pages through every family, 25 at a time by default, sorted by name', async () => {
    // The demo's 300 families, but the three it archives (one in 97): the list shows active ones.
    const first = await families('')
    expect(first.total).toBe(297)
    expect(first.items).toHaveLength(25)
    expect(first.items[0]?.name).toBe('ABOLANT')
    expect(first.previous).toBeNull()
    // The last page is a full page read backwards from the end (keyset): its 25 last families.
    const last = await families('?last=true&pageSize=25')
    expect(last.items).toHaveLength(25)
    expect(last.next).toBeNull()
    expect(last.previous).not.toBeNull()
    // Each name comes after the one before it for ICU's French collation (an oracle that is not
    // the code under test), on the first page and on the last, where « ÉTIENNE » fell after « Z »
    // when SQLite compared bytes.
    const french = new Intl.Collator('fr', { sensitivity: 'base' })
    for (const page of [first, last]) {
      const names = page.items.map((f) => f.name)
      const outOfOrder = names.filter(
        (name, i) => i > 0 && french.compare(names[i - 1] ?? '', name) > 0,
      )
      expect(outOfOrder).toEqual([])
    }
    const ids = new Set([...first.items, ...last.items].map((f) => f.id))
    expect(ids.size).toBe(first.items.length + last.items.length)
  })

  it('finds a family by a pupil’s first name, whatever the accents and the case', async () => {
    for (const q of ['lea', 'LÉA', 'Léa dupont']) {
      const result = await families(`?q=${encodeURIComponent(q)}`)
      expect(result.items.map((f) => f.name)).toContain('DUPONT')
      expect(
        result.items.every(
          (f) => f.pupils.some((p) => /l[ée]a/i.test(p.firstName)) || f.guardians.length,
        ),
      ).toBe(true)
    }
  })

  it('finds a family by identifiant and by guardian name', async () => {
    const byLogin = await families('?q=abolant1')
    expect(byLogin.items).toHaveLength(1)
    expect(byLogin.items[0]).toMatchObject({ name: 'ABOLANT', siteName: 'Conservatoire' })
    const byGuardian = await families('?q=jocelyne')
    expect(byGuardian.items.map((f) => f.name)).toEqual(['ABOLANT'])
  })

  it('finds accented names typed without accents', async () => {
    const withAccent = await server
      .db('families')
      .where('name', 'like', '%É%')
      .first<{ name: string } | undefined>()
    if (!withAccent) throw new Error('the demo has accented family names')
    const folded = withAccent.name
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
    const result = await families(`?q=${encodeURIComponent(folded)}`)
    expect(result.items.map((f) => f.name)).toContain(withAccent.name)
  })

  it('refuses a page size it does not offer, in French', async () => {
    const res = await staff.get('/api/staff/families?pageSize=100000')
    expect(res.statusCode).toBe(400)
    expect(res.body).toMatchObject({
      code: 'VALIDATION',
      details: { pageSize: 'Cette valeur n’est pas permise.' },
    })
  })
})

describe('a family', () => {
  it('shows its guardians and pupils', async () => {
    const res = await staff.get('/api/staff/families/1')
    expect(res.statusCode).toBe(200)
    const family = res.body
    expect(family.guardians.map((g: { login: string }) => g.login)).toEqual(['dupont1', 'dupont2'])
    expect(family.pupils.map((p: { firstName: string }) => p.firstName)).toEqual(['Gérard', 'Léa'])
    expect(JSON.stringify(family)).not.toMatch(/password|\$2[aby]\$/)
  })

  it('answers 404 in French for a family that does not exist', async () => {
    const res = await staff.get('/api/staff/families/999999')
    expect(res.statusCode).toBe(404)
    expect(res.body).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Cette famille est introuvable.',
    })
  })

  it('answers 400 for an id that is not a number', async () => {
    const res = await staff.get('/api/staff/families/abc')
    expect(res.statusCode).toBe(400)
  })
})

describe('the order of the Familles list', () => {
  it('sorts names as a French reader expects: accents and case do not count, then the oldest first', async () => {
    for (const [i, lastName] of ['Zola', 'Étienne', 'eude', 'Émile', 'ÉMILE'].entries()) {
      const res = await staff.post('/api/staff/families', {
        siteId: 1,
        guardian: {
          civility: 'Madame',
          lastName,
          firstName: 'Ondine',
          address: '1 rue du Port',
          postalCode: '83990',
          city: 'SAINT-TROPEZ',
          email: `ondine${i}@example.org`,
        },
      })
      expect(res.statusCode).toBe(201)
    }
    const list = await families('?q=ondine')
    expect(list.items.map((f) => f.name)).toEqual(['Émile', 'ÉMILE', 'Étienne', 'eude', 'Zola'])
  })
})
