import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asStaff, familyCookie, staffCookie, asFamily, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { countStatements, statementsOfGet } from '../support/statements.ts'

// The staff lists: French order on every column, filters, pages, exports, restore, visible sites.

let server: TestServer
let staff: Client
let siteId: number
const ids: Record<string, number> = {}

const guardian = (lastName: string, firstName: string) => ({
  civility: 'Madame',
  lastName,
  firstName,
  address: '1 rue du Port',
  postalCode: '83310',
  city: 'GRIMAUD',
  email: 'famille@example.org',
})

/** Families written for these tests, on a site of their own: name, first name, pupils' first names. */
const FAMILIES: [string, string, string[]][] = [
  ['Élodie', 'Anne', ['Zoé']],
  ['ÉMERY', 'Bruno', []],
  ['Emile', 'Claire', ['émilie', 'Aurore']],
  ['de la Fontaine', 'Jean', ['Éloïse']],
  ['Zoé', 'Denis', []],
  ['zola', 'Émile', ['Emma']],
  ['Œuvray', 'Fanny', []],
  ['Abel', 'Gaël', ['Yves']],
  ['ÂGE', 'Hugo', []],
  ['Ouvrard', 'Inès', []],
  ['le Goff', 'Jules', []],
  ['LEGRAND', 'Karim', ['Ève']],
]

const BY_NAME = [
  'Abel',
  'ÂGE',
  'de la Fontaine',
  'Élodie',
  'ÉMERY',
  'Emile',
  'le Goff',
  'LEGRAND',
  'Œuvray',
  'Ouvrard',
  'Zoé',
  'zola',
]

countStatements()
beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 20 })
  staff = asStaff(server, await staffCookie(server))
  siteId = await newSite('annexe du Port')
  for (const [lastName, firstName, pupils] of FAMILIES) {
    const res = await staff.post('/api/staff/families', {
      siteId,
      guardian: guardian(lastName, firstName),
    })
    expect(res.statusCode).toBe(201)
    ids[lastName] = res.body.familyId
    for (const first of pupils) {
      const added = await staff.post(`/api/staff/families/${res.body.familyId}/pupils`, {
        values: { civility: 'Madame', lastName, firstName: first, birthDate: '2015-03-02' },
      })
      expect(added.statusCode).toBe(201)
    }
  }
}, 60_000)

/** A site made as the administrator makes one (its sort key written by the service). */
async function newSite(name: string): Promise<number> {
  const res = await staff.post('/api/staff/settings/sites', {
    name,
    legalName: '',
    address: '1 rue du Port',
    postalCode: '83310',
    city: 'GRIMAUD',
    phone: '04 94 00 11 22',
    email: '',
  })
  expect(res.statusCode).toBe(201)
  return res.body.siteId as number
}

afterAll(async () => {
  await server.close()
})

const names = async (query: string) =>
  (
    (await staff.read(`/api/staff/families?siteId=${siteId}&pageSize=25&${query}`)).items as {
      name: string
    }[]
  ).map((f) => f.name)

describe('the Familles list', () => {
  it('sorts by name in French order, accents and case ignored, both ways', async () => {
    expect(await names('')).toEqual(BY_NAME)
    expect(await names('sort=name&order=desc')).toEqual([
      'zola',
      'Zoé',
      'Ouvrard',
      'Œuvray',
      'LEGRAND',
      'le Goff',
      'Emile',
      'ÉMERY',
      'Élodie',
      'de la Fontaine',
      'ÂGE',
      'Abel',
    ])
  })

  it('sorts on the pupils and the guardians too', async () => {
    // The first pupil of each family, « Prénom NOM »: families without pupils first.
    const withPupils = (await names('sort=pupils')).slice(-6)
    expect(withPupils).toEqual(['de la Fontaine', 'Emile', 'zola', 'LEGRAND', 'Abel', 'Élodie'])
    // Éloïse, émilie (first pupil of Emile), Emma, Ève, Yves, Zoé.
    const guardians = await staff.read(
      `/api/staff/families?siteId=${siteId}&sort=guardians&order=desc&pageSize=10`,
    )
    expect(guardians.items[0].name).toBe('zola')
    expect(guardians.items[1].name).toBe('Zoé')
  })

  it('sorts on the site in French order', async () => {
    const list = await staff.read('/api/staff/families?sort=siteName&pageSize=100')
    const sites = (list.items as { siteName: string }[]).map((f) => f.siteName)
    const firstOf = (name: string) => sites.indexOf(name)
    // « annexe » before « Antenne » before « Conservatoire », whatever the case.
    expect(firstOf('annexe du Port')).toBe(0)
    expect(firstOf('Antenne de Sainte-Maxime')).toBeGreaterThan(sites.lastIndexOf('annexe du Port'))
    expect(firstOf('Conservatoire')).toBeGreaterThan(sites.lastIndexOf('Antenne de Sainte-Maxime'))
  })

  it('refuses a sort that is not one of the list’s columns', async () => {
    const res = await staff.get('/api/staff/families?sort=search_text')
    expect(res.statusCode).toBe(400)
  })

  it('pages without overlap, from the first page to the last and back', async () => {
    const page = (query: string) =>
      staff.read(`/api/staff/families?siteId=${siteId}&pageSize=10&${query}`)
    const first = await page('')
    expect(first.total).toBe(12)
    expect(first.previous).toBeNull()
    expect(first.items.map((f: { name: string }) => f.name)).toEqual(BY_NAME.slice(0, 10))
    const second = await page(`after=${first.next}`)
    expect(second.total).toBe(12)
    expect(second.items.map((f: { name: string }) => f.name)).toEqual(['Zoé', 'zola'])
    expect(second.next).toBeNull()
    // The last page: the last ten, read backwards from the end, in order.
    const last = await page('last=true')
    expect(last.items.map((f: { name: string }) => f.name)).toEqual(BY_NAME.slice(2))
    expect(last.next).toBeNull()
    const before = await page(`before=${last.previous}`)
    // Two families before the last page: the first page, full, is shown instead.
    expect(before.items.map((f: { name: string }) => f.name)).toEqual(BY_NAME.slice(0, 10))
    expect(before.previous).toBeNull()
  })

  it('covers every family exactly once through its pages, in every sort, both ways', async () => {
    for (const sort of ['name', 'guardians', 'pupils', 'siteName', 'state']) {
      for (const order of ['asc', 'desc']) {
        const list = `/api/staff/families?state=all&sort=${sort}&order=${order}`
        const whole = await staff.read(`${list}&pageSize=100`)
        const expected = (whole.items as { id: number }[]).map((f) => f.id)
        expect(expected.length).toBe(whole.total)
        expect(whole.total).toBeGreaterThan(30)
        // Forwards with `next`, from the first page.
        const forwards: number[] = []
        let at = await staff.read(`${list}&pageSize=10`)
        for (let guard = 0; guard < 10; guard++) {
          forwards.push(...(at.items as { id: number }[]).map((f) => f.id))
          if (!at.next) break
          at = await staff.read(`${list}&pageSize=10&after=${at.next}`)
        }
        expect(forwards, `${sort} ${order}`).toEqual(expected)
        // Backwards with `previous`, from the last page.
        const pages: number[][] = []
        at = await staff.read(`${list}&pageSize=10&last=true`)
        for (let guard = 0; guard < 10; guard++) {
          pages.unshift((at.items as { id: number }[]).map((f) => f.id))
          if (!at.previous) break
          at = await staff.read(`${list}&pageSize=10&before=${at.previous}`)
        }
        const backwards = pages.flat()
        // The first page read backwards is shown full: it may repeat rows of the second.
        const repeated = backwards.length - new Set(backwards).size
        expect(new Set(backwards).size, `${sort} ${order}`).toBe(expected.length)
        expect(backwards.slice(0, 10)).toEqual(expected.slice(0, 10))
        expect(backwards.slice(10 + repeated)).toEqual(expected.slice(10))
      }
    }
  })

  it('reads a page in as many statements whatever the families on it, their people included', async () => {
    const counts = []
    for (const size of [10, 100]) {
      const url = `/api/staff/families?state=all&pageSize=${size}`
      const page = await staff.read(url)
      expect(page.items.length).toBe(Math.min(size, page.total))
      // The JSON the service writes is a FamilyList, every key and type of its rows.
      expect(Object.keys(page)).toEqual(['items', 'total', 'previous', 'next'])
      for (const item of page.items)
        expect(item).toEqual({
          id: expect.any(Number),
          name: expect.any(String),
          siteId: expect.any(Number),
          siteName: expect.any(String),
          archivedAt: item.archivedAt === null ? null : expect.any(String),
          pendingRequests: expect.any(Number),
          guardians: item.guardians.map((g: { login: string | null }) => ({
            id: expect.any(Number),
            rank: expect.any(Number),
            civility: expect.any(String),
            lastName: expect.any(String),
            firstName: expect.any(String),
            login: g.login === null ? null : expect.any(String),
          })),
          pupils: item.pupils.map(() => ({
            id: expect.any(Number),
            lastName: expect.any(String),
            firstName: expect.any(String),
          })),
        })
      expect(page.items.flatMap((f: { pupils: unknown[] }) => f.pupils).length).toBeGreaterThan(0)
      counts.push(await statementsOfGet(staff, url))
    }
    expect(counts[1]).toBe(counts[0])
    expect(counts[0]).toBeLessThanOrEqual(6)
  })

  it('does not shift the next page when a family is added between two reads', async () => {
    const own = await newSite('Insertions')
    const NAMES = ['BERNARD', 'CARON', 'DUBOIS', 'FABRE', 'GARNIER', 'HENRY', 'IMBERT']
    const MORE = ['JOLY', 'KLEIN', 'LACROIX', 'MARCHAND']
    for (const name of [...NAMES, ...MORE]) {
      const res = await staff.post('/api/staff/families', {
        siteId: own,
        guardian: guardian(name, 'Paul'),
      })
      expect(res.statusCode).toBe(201)
    }
    const page = (query: string) =>
      staff.read(`/api/staff/families?siteId=${own}&pageSize=10&${query}`)
    const first = await page('')
    expect(first.items.map((f: { name: string }) => f.name)).toEqual(
      [...NAMES, ...MORE].slice(0, 10),
    )
    // A family that sorts before every other is added: with OFFSET, LACROIX would come again.
    const added = await staff.post('/api/staff/families', {
      siteId: own,
      guardian: guardian('AUBRY', 'Léa'),
    })
    expect(added.statusCode).toBe(201)
    const next = await page(`after=${first.next}`)
    expect(next.items.map((f: { name: string }) => f.name)).toEqual(['MARCHAND'])
    expect(next.total).toBe(12)
    // Going back reads the ten before MARCHAND; AUBRY is on the page before those.
    const back = await page(`before=${next.previous}`)
    expect(back.items.map((f: { name: string }) => f.name)).toEqual(
      [...NAMES, ...MORE].slice(0, 10),
    )
    expect(back.previous).not.toBeNull()
    const start = await page(`before=${back.previous}`)
    expect(start.items.map((f: { name: string }) => f.name)).toEqual(
      ['AUBRY', ...NAMES, ...MORE].slice(0, 10),
    )
    expect(start.previous).toBeNull()
  })

  it('refuses a cursor altered, of another sort, or two starts at once', async () => {
    const first = await staff.read('/api/staff/families?pageSize=10')
    expect(typeof first.next).toBe('string')
    for (const query of [
      `after=${String(first.next).slice(0, 12)}`,
      'after=bm90IGEgY3Vyc29y',
      'before=%27%3B--',
      `after=${first.next}&last=true`,
      `after=${first.next}&before=${first.next}`,
    ]) {
      const res = await staff.get(`/api/staff/families?pageSize=10&${query}`)
      expect(res.statusCode, query).toBe(400)
    }
    const otherSort = await staff.get(`/api/staff/families?sort=guardians&after=${first.next}`)
    expect(otherSort.statusCode).toBe(400)
    expect(otherSort.body.code).toBe('VALIDATION')
  })

  it('searches within the filters', async () => {
    expect(await names('q=emery')).toEqual(['ÉMERY'])
    expect(await names('q=eloise')).toEqual(['de la Fontaine'])
  })

  it('filters archived families, and restores one, written in its journal', async () => {
    expect((await staff.post(`/api/staff/families/${ids['Emile']}/archive`)).statusCode).toBe(204)
    expect(await names('')).not.toContain('Emile')
    expect(await names('state=archived')).toEqual(['Emile'])
    expect(await names('state=all')).toEqual(BY_NAME)
    const archived = await staff.read(`/api/staff/families?siteId=${siteId}&state=archived`)
    expect(archived.items[0].archivedAt).not.toBeNull()
    const page = await staff.read(`/api/staff/families/${ids['Emile']}`)
    expect(page.archivedAt).not.toBeNull()

    expect((await staff.post(`/api/staff/families/${ids['Emile']}/restore`)).statusCode).toBe(204)
    expect(await names('')).toEqual(BY_NAME)
    expect(await names('state=archived')).toEqual([])
    const again = await staff.post(`/api/staff/families/${ids['Emile']}/restore`)
    expect(again.statusCode).toBe(404)
    const journal = await staff.read(`/api/staff/families/${ids['Emile']}/audit`)
    expect(journal.items[0].what).toBe('Famille restaurée')
    expect(journal.items[0].actor).toBe('Administrateur')
  })

  it('restores an archived pupil and guardian on the family’s page', async () => {
    const family = await staff.read(`/api/staff/families/${ids['Emile']}`)
    const pupil = family.pupils.find((p: { firstName: string }) => p.firstName === 'Aurore')
    expect((await staff.post(`/api/staff/pupils/${pupil.id}/archive`)).statusCode).toBe(204)
    let page = await staff.read(`/api/staff/families/${ids['Emile']}`)
    expect(page.pupils.map((p: { firstName: string }) => p.firstName)).toEqual(['émilie'])
    expect(page.archivedPupils.map((p: { firstName: string }) => p.firstName)).toEqual(['Aurore'])
    expect((await staff.post(`/api/staff/pupils/${pupil.id}/restore`)).statusCode).toBe(204)
    page = await staff.read(`/api/staff/families/${ids['Emile']}`)
    expect(page.pupils.map((p: { firstName: string }) => p.firstName)).toEqual(['émilie', 'Aurore'])
    expect(page.archivedPupils).toEqual([])

    const second = await staff.post(`/api/staff/families/${ids['Emile']}/guardians`, {
      values: guardian('Emile', 'Paul'),
    })
    const first = page.guardians[0].id
    expect((await staff.post(`/api/staff/guardians/${first}/archive`)).statusCode).toBe(204)
    page = await staff.read(`/api/staff/families/${ids['Emile']}`)
    expect(
      page.guardians.map((g: { firstName: string; rank: number }) => [g.firstName, g.rank]),
    ).toEqual([['Paul', 1]])
    expect((await staff.post(`/api/staff/guardians/${first}/restore`)).statusCode).toBe(204)
    page = await staff.read(`/api/staff/families/${ids['Emile']}`)
    expect(
      page.guardians.map((g: { firstName: string; rank: number }) => [g.firstName, g.rank]),
    ).toEqual([
      ['Paul', 1],
      ['Claire', 2],
    ])
    const journal = await staff.read(`/api/staff/families/${ids['Emile']}/audit`)
    expect(journal.items.slice(0, 2).map((e: { what: string }) => e.what)).toEqual([
      'Responsable restauré',
      'Responsable archivé',
    ])
    expect(second.statusCode).toBe(201)
  })

  it('shows the families with a pending request, in the list and on their page', async () => {
    const cookie = await familyCookie(server, 1, 'abolant1')
    const asked = await asFamily(server, cookie).put('/api/family/guardian', {
      values: { city: 'GRIMAUD' },
    })
    expect(asked.statusCode).toBe(200)
    const pending = await staff.read('/api/staff/families?state=pending')
    expect(pending.items.map((f: { name: string }) => f.name)).toEqual(['ABOLANT'])
    expect(pending.items[0].pendingRequests).toBe(1)
    const page = await staff.read(`/api/staff/families/${pending.items[0].id}`)
    expect(page.pendingRequests).toHaveLength(1)
    expect(page.pendingRequests[0].targetType).toBe('guardian')
    const sorted = await staff.read('/api/staff/families?sort=state&order=desc&pageSize=10')
    expect(sorted.items[0].name).toBe('ABOLANT')
  })
})

describe('the exports', () => {
  it('writes a CSV for a French Excel: BOM, `;`, quotes, accents', async () => {
    const res = await staff.post('/api/staff/families', {
      siteId,
      guardian: guardian('Dupré; "dit Le Grand"', 'Ève'),
    })
    const formula = await staff.post('/api/staff/families', {
      siteId,
      guardian: guardian('=HYPERLINK("x")', 'Zoé'),
    })
    expect([res.statusCode, formula.statusCode]).toEqual([201, 201])
    const csv = await staff.get(`/api/staff/families/export?format=csv&siteId=${siteId}&q=dupre`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="familles-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const bytes = csv.rawPayload
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Nom;Responsables;Élèves;Site;État\r\n' +
        '"Dupré; ""dit Le Grand""";"Dupré; ""dit Le Grand"" Ève";;annexe du Port;Active\r\n',
    )
    const injected = await staff.get(
      `/api/staff/families/export?format=csv&siteId=${siteId}&q=hyperlink`,
    )
    expect(injected.rawPayload.toString('utf8')).toContain('\r\n"\'=HYPERLINK(""x"")";')
  })

  it('writes an XLSX that Excel (exceljs) reads back, in the order asked', async () => {
    const res = await staff.get(
      `/api/staff/families/export?format=xlsx&siteId=${siteId}&sort=name&order=desc&q=e`,
    )
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/filename="familles-[\d-]+\.xlsx"/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('Familles')
    if (!sheet) throw new Error('no sheet')
    const rows = sheet.getSheetValues().slice(1) as unknown[][]
    expect(rows[0]?.slice(1)).toEqual(['Nom', 'Responsables', 'Élèves', 'Site', 'État'])
    // Every family with an « e » in its names (not Œuvray Fanny), the formula kept as text.
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      'zola',
      'Zoé',
      'Ouvrard',
      'LEGRAND',
      'le Goff',
      'Emile',
      'ÉMERY',
      'Élodie',
      'Dupré; "dit Le Grand"',
      'de la Fontaine',
      'ÂGE',
      'Abel',
      '=HYPERLINK("x")',
    ])
    expect(rows[6]?.slice(1)).toEqual([
      'Emile',
      'Emile Paul, Emile Claire',
      'émilie Emile, Aurore Emile',
      'annexe du Port',
      'Active',
    ])
  })

  it('exports the pending requests and the mails', async () => {
    const requests = await staff.get('/api/staff/change-requests/export?format=csv')
    const lines = requests.rawPayload.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]).toBe('Date;Famille;Fiche;Champs modifiés;Site')
    expect(lines[1]).toMatch(
      /^\d\d\/\d\d\/\d{4} \d\d:\d\d;ABOLANT;Responsable ABOLANT Jocelyne;Ville;Conservatoire$/,
    )
    const mails = await staff.get('/api/staff/outbox/export?format=xlsx')
    expect(mails.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(mails.rawPayload as unknown as ArrayBuffer)
    expect(book.getWorksheet('Courriels')?.getRow(1).values).toEqual([
      undefined,
      'Date',
      'Destinataire',
      'Objet',
      'État',
    ])
  })
})

describe('what a staff member sees', () => {
  async function member(login: string, role: string, sites: number[]): Promise<Client> {
    const admin = await server.db('staff_users').where({ login: 'admin' }).first()
    const [row] = await server
      .db('staff_users')
      .insert({
        login,
        display_name: login,
        role,
        password_hash: admin.password_hash,
        created_at: admin.created_at,
        updated_at: admin.updated_at,
      })
      .returning('id')
    for (const site of sites)
      await server.db('staff_user_sites').insert({ staff_user_id: row.id, site_id: site })
    return asStaff(server, await staffCookie(server, login))
  }

  it('lists and exports only the families, requests and mails of their sites', async () => {
    const antenne = await member('antenne.liste', 'secretariat', [2])
    const list = await antenne.read('/api/staff/families?pageSize=100')
    expect(new Set(list.items.map((f: { siteName: string }) => f.siteName))).toEqual(
      new Set(['Antenne de Sainte-Maxime']),
    )
    expect(list.total).toBe(
      await server
        .db('families')
        .where({ site_id: 2 })
        .whereNull('archived_at')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    )
    expect((await antenne.read(`/api/staff/families?siteId=${siteId}`)).total).toBe(0)
    const csv = await antenne.get('/api/staff/families/export?format=csv')
    expect(csv.rawPayload.toString('utf8')).not.toContain('Conservatoire')
    expect((await antenne.read('/api/staff/change-requests')).total).toBe(0)
    expect((await antenne.read('/api/staff/change-requests/count')).count).toBe(0)
    expect((await staff.read('/api/staff/change-requests')).total).toBe(1)
  })

  it('is refused what their role cannot do', async () => {
    const accounting = await member('compta', 'comptabilite', [1])
    expect((await accounting.get('/api/staff/families/export?format=csv')).statusCode).toBe(200)
    expect((await accounting.get('/api/staff/outbox/export?format=csv')).statusCode).toBe(403)
    expect((await accounting.post(`/api/staff/families/${ids['Abel']}/restore`)).statusCode).toBe(
      403,
    )
    const teacher = await member('prof', 'enseignant', [1])
    expect((await teacher.get('/api/staff/families')).statusCode).toBe(403)
  })
})
