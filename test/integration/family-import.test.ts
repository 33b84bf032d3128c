import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer
let staff: Client

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 40 })
  staff = asStaff(server, await staffCookie(server))
})
afterAll(async () => {
  await server.close()
})

/** A SQLite varint at `at` of `bytes`: its value and where the next one starts. */
function varint(bytes: Buffer, at: number): [number, number] {
  let value = 0
  for (let k = 0; k < 8; k++) {
    const byte = bytes[at + k] ?? 0
    value = value * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) return [value, at + k + 1]
  }
  return [value * 256 + (bytes[at + 8] ?? 0), at + 9]
}

/**
 * How many pieces (segments) the Familles search index is in: read from FTS5's structure record
 * (row 10 of its data table: a 4-byte cookie, an optional version mark, the number of levels, then
 * of segments).
 */
async function searchIndexPieces(): Promise<number> {
  const { block } = await server.db('families_search_data').where({ id: 10 }).first('block')
  const bytes = block as Buffer
  const v2 = bytes.subarray(4, 8).equals(Buffer.from([0xff, 0, 0, 1]))
  const [, next] = varint(bytes, v2 ? 8 : 4)
  return varint(bytes, next)[0]
}

const HEADINGS = [
  'N° famille',
  'Site',
  'Resp. 1 Civilité',
  'Resp. 1 Nom',
  'Resp. 1 Prénom',
  'Resp. 1 Adresse',
  'Resp. 1 CP',
  'Resp. 1 Ville',
  'Resp. 1 Portable',
  'Resp. 1 E-mail',
  'Élève Nom',
  'Élève Prénom',
  'Élève Sexe',
  'Élève Date de naissance',
]
const MAPPING = [
  'family.number',
  'family.site',
  'guardian1.civility',
  'guardian1.lastName',
  'guardian1.firstName',
  'guardian1.address',
  'guardian1.postalCode',
  'guardian1.city',
  'guardian1.phoneMobile',
  'guardian1.email',
  'pupil.lastName',
  'pupil.firstName',
  'pupil.civility',
  'pupil.birthDate',
]

/** A line of a family: its number, site, first guardian, and a pupil (or none). */
function line(n: string, guardian: string[], pupil: string[] = ['', '', '', '']): string[] {
  return [n, 'Conservatoire', ...guardian, ...pupil]
}
const BRUN = ['Mme', 'BRUN', 'Hélène', '4 rue de la Gare', '29170', 'FOUESNANT', '0611223344']
const brun = [...BRUN, 'helene.brun@example.org']
const FAURE = ['M.', 'FAURE', 'Jérôme', '1 quai Est', '29000', 'QUIMPER', '0622334455']
const faure = [...FAURE, 'jerome.faure@example.org']

function csvBytes(rows: string[][], separator: string, encoding: 'utf8' | 'bom' | 'win1252') {
  const text = rows.map((r) => r.join(separator)).join('\r\n')
  if (encoding === 'win1252') return iconv.encode(text, 'win1252')
  return Buffer.from(encoding === 'bom' ? `\uFEFF${text}` : text, 'utf8')
}

const file = (bytes: Buffer, fileName = 'familles.csv') => ({
  fileName,
  content: bytes.toString('base64'),
})

const analyse = (bytes: Buffer) => staff.post('/api/staff/family-imports/analysis', file(bytes))
const check = (bytes: Buffer, mapping: (string | null)[] = MAPPING, siteId: number | null = null) =>
  staff.post('/api/staff/family-imports/check', { ...file(bytes), mapping, siteId })
const runImport = (bytes: Buffer, mapping: (string | null)[] = MAPPING) =>
  staff.post('/api/staff/family-imports', { ...file(bytes), mapping, siteId: null })

const count = async (table: string) =>
  Number((await server.db(table).count<{ n: number }[]>({ n: '*' }).first())?.n)
const counts = async () => [
  await count('families'),
  await count('guardians'),
  await count('pupils'),
  await count('audit_log'),
]

describe('reading the file', () => {
  const rows = [HEADINGS, line('1', brun, ['BRUN', 'Léa', 'F', '12/03/2014'])]

  it.each([
    [';', 'bom', 'UTF-8 (BOM)'],
    [',', 'utf8', 'UTF-8'],
    ['\t', 'win1252', 'Windows-1252'],
  ] as const)('finds the separator %j and the encoding %s', async (separator, encoding, named) => {
    const res = await analyse(csvBytes(rows, separator, encoding))
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatchObject({ format: 'csv', encoding: named, separator, lines: 1 })
    expect(res.body.headings).toEqual(HEADINGS)
    expect(res.body.sample[0]).toContain('Hélène')
    expect(res.body.sample[0]).toContain('Léa')
  })

  it('reads an XLSX sheet: dates, and numbers that lost their 0', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Feuille 1')
    sheet.addRow(HEADINGS)
    const guardian = [...BRUN.slice(0, 6), 611223344, 'helene.brun@example.org']
    sheet.addRow(['1', 'Conservatoire', ...guardian, 'BRUN', 'Léa', 'F', new Date('2014-03-12')])
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
    const info = await analyse(bytes)
    expect(info.body).toMatchObject({ format: 'xlsx', encoding: '', separator: null, lines: 1 })
    const res = await check(bytes)
    expect(res.body.problems).toEqual([])
    expect(res.body.preview[0].values).toMatchObject({
      'guardian1.phoneMobile': '06 11 22 33 44',
      'guardian1.civility': 'Madame',
      'pupil.birthDate': '12/03/2014',
      'pupil.civility': 'Madame',
    })
  })

  it('refuses an old .xls in French', async () => {
    const res = await analyse(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toContain('.xls')
  })
})

describe('the mapping of the columns', () => {
  it('is guessed from the headings, accents and case ignored', async () => {
    const res = await analyse(csvBytes([HEADINGS], ';', 'utf8'))
    expect(res.body.mapping).toEqual(MAPPING)
  })

  it('is remembered for the next file with the same headings', async () => {
    const headings = ['NOM DU PAYEUR', 'Courriel du payeur', 'Divers']
    const before = await analyse(csvBytes([headings], ';', 'utf8'))
    expect(before.body.mapping).toEqual(['pupil.lastName', 'pupil.email', null])
    const chosen = ['guardian1.lastName', 'guardian1.email', null]
    await check(csvBytes([headings], ';', 'utf8'), chosen)
    const after = await analyse(csvBytes([headings], ';', 'utf8'))
    expect(after.body.mapping).toEqual(chosen)
  })
})

describe('the dry run', () => {
  it('lists every problem by line and column, and writes nothing', async () => {
    const before = await counts()
    const rows = [
      HEADINGS,
      line('1', [...BRUN, ''], ['BRUN', 'Léa', 'F', '12/03/2014']),
      line('2', [...FAURE, 'jerome.faure@'], ['FAURE', 'Tom', 'M', '31/02/2015']),
      line('3', [...BRUN.slice(0, 6), '12', 'b@example.org']),
      ['4', 'Annexe du Port', ...faure.map((v, i) => (i === 1 ? 'ROUX' : v)), '', '', '', ''],
      ['', 'Conservatoire', '', '', '', '', '', '', '', '', 'SEUL', 'Max', 'M', '01/01/2012'],
      line('5', [
        'M',
        'DUPONT',
        'Gérard',
        '15 rue des Fleurs',
        '29170',
        'FOUESNANT',
        '',
        'gerard.dupont@example.org',
      ]),
      line('6', [
        'Mme',
        'AUTRE',
        'Anne',
        '2 rue',
        '29170',
        'FOUESNANT',
        '',
        'claire.dupont@example.org',
      ]),
    ]
    const res = await check(csvBytes(rows, ';', 'utf8'))
    expect(res.statusCode).toBe(200)
    expect(res.body.problems).toEqual([
      {
        line: 2,
        column: 'J',
        heading: 'Resp. 1 E-mail',
        message: 'E-mail : ce champ est obligatoire.',
      },
      {
        line: 3,
        column: 'J',
        heading: 'Resp. 1 E-mail',
        message: 'Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).',
      },
      {
        line: 3,
        column: 'N',
        heading: 'Élève Date de naissance',
        message: 'Cette date n’est pas valide (exemple : 14/09/1995).',
      },
      {
        line: 4,
        column: 'I',
        heading: 'Resp. 1 Portable',
        message: 'Ce numéro de téléphone n’est pas valide (exemple : 02 33 94 22 77).',
      },
      {
        line: 5,
        column: 'B',
        heading: 'Site',
        message:
          'Site inconnu : « Annexe du Port » (sites : Conservatoire, Antenne de Sainte-Maxime).',
      },
      {
        line: 6,
        column: 'D',
        heading: 'Resp. 1 Nom',
        message: 'Élève sans responsable : indiquez son responsable 1.',
      },
      {
        line: 7,
        column: 'J',
        heading: 'Resp. 1 E-mail',
        message:
          'Ce responsable est déjà dans Portée : DUPONT Gérard (famille DUPONT, Conservatoire).',
      },
      {
        line: 8,
        column: 'J',
        heading: 'Resp. 1 E-mail',
        message:
          'Cette adresse e-mail est déjà celle de DUPONT Claire (famille DUPONT, Conservatoire), sur le même site.',
      },
    ])
    expect(await counts()).toEqual(before)
  })

  it('says once when no column gives a required field', async () => {
    const mapping = MAPPING.map((k) => (k === 'pupil.birthDate' ? null : k))
    const rows = [HEADINGS, line('1', brun, ['BRUN', 'Léa', 'F', '12/03/2014'])]
    const res = await check(csvBytes(rows, ';', 'utf8'), mapping)
    expect(res.body.problems).toEqual([
      {
        line: 1,
        column: '',
        heading: '',
        message: 'Aucune colonne ne donne « Élève : Date de naissance », qui est obligatoire.',
      },
    ])
  })
})

describe('the import', () => {
  const good = [
    HEADINGS,
    line('10', brun, ['BRUN', 'Léa', 'F', '12/03/2014']),
    line('10', brun, ['BRUN', 'Noé', 'M', '2016-09-01']),
    line('11', faure, ['FAURE', 'Jérôme', 'M', '14/09/1985']),
    line('12', [...BRUN.slice(0, 1), 'ZÉLIE', 'Inès', ...BRUN.slice(3), 'ines.zelie@example.org']),
  ]

  it('writes nothing when one line is wrong', async () => {
    const before = await counts()
    const rows = [...good, line('13', [...FAURE, 'pas-un-mail'])]
    const res = await runImport(csvBytes(rows, ';', 'utf8'))
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toBe('Le fichier contient 1 problème : rien n’a été importé.')
    expect(await counts()).toEqual(before)
  })

  it('writes every family in one go, searchable in the list, with the result to download', async () => {
    const before = await counts()
    const res = await runImport(csvBytes(good, ';', 'utf8'))
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/x-ndjson')
    const lines = res.payload
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines[0]).toEqual({ progress: { done: 3, total: 3 } })
    const { result } = lines.at(-1)
    expect(result).toMatchObject({ families: 3, guardians: 3, pupils: 3 })
    expect(result.csv.startsWith('\uFEFFLigne;N° famille (fichier);')).toBe(true)
    expect(result.csv).toMatch(/\r\n2;10;\d+;BRUN;Conservatoire;Responsable 1;BRUN;Hélène\r\n/)
    // Three families, guardians and pupils; a journal entry per family, and one for the import.
    const added = [3, 3, 3, 4]
    expect(await counts()).toEqual(before.map((n, i) => n + (added[i] ?? 0)))

    const found = await staff.read('/api/staff/families?q=helene%20brun')
    expect(found.items.map((f: { name: string }) => f.name)).toEqual(['BRUN'])
    expect(found.items[0].pupils.map((p: { firstName: string }) => p.firstName)).toEqual([
      'Léa',
      'Noé',
    ])
    const zelie = await staff.read('/api/staff/families?q=zelie')
    expect(zelie.items[0].name).toBe('ZÉLIE')
    const family = await server.db('families').where({ name: 'ZÉLIE' }).first()
    expect(family.sort_key).toBe('zelie')

    // The adult pupil is his family's guardian, and takes his contact.
    const jerome = await server
      .db('pupils')
      .where({ last_name: 'FAURE', first_name: 'Jérôme' })
      .first()
    const guardian = await server
      .db('guardians')
      .where({ email: 'jerome.faure@example.org' })
      .first()
    expect(jerome.guardian_id).toBe(guardian.id)
    expect([jerome.phone_mobile, jerome.email, jerome.city]).toEqual([
      '06 22 33 44 55',
      'jerome.faure@example.org',
      'QUIMPER',
    ])
    const brunFamily = await staff.read(`/api/staff/families/${found.items[0].id}/audit`)
    expect(brunFamily.items[0].what).toBe('Famille importée')
    // The search index in one piece again, as the demo left it (compactFamilySearch).
    expect(await searchIndexPieces()).toBe(1)
  })

  it('offers a sample file, CSV and XLSX, that imports as it is', async () => {
    const csv = await staff.get('/api/staff/family-imports/sample.csv')
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.payload.startsWith('\uFEFFN° famille;Site;Responsable 1 - Civilité')).toBe(true)
    const xlsx = await server.staff.inject({
      url: '/api/staff/family-imports/sample.xlsx',
      headers: { cookie: await staffCookie(server) },
    })
    const bytes = xlsx.rawPayload
    const info = await analyse(bytes)
    expect(info.body.mapping).not.toContain(null)
    const res = await check(bytes, info.body.mapping)
    expect(res.body.problems).toEqual([])
    expect(res.body.summary).toEqual({ lines: 4, families: 3, guardians: 4, pupils: 3 })
  })
})

describe('who may import', () => {
  it.each(['direction', 'comptabilite', 'enseignant'])(
    'refuses the role %s (403)',
    async (role) => {
      const admin = await server.db('staff_users').where({ login: 'admin' }).first()
      const now = new Date().toISOString()
      await server.db('staff_users').insert({
        login: `import-${role}`,
        display_name: role,
        role,
        password_hash: admin.password_hash,
        created_at: now,
        updated_at: now,
      })
      const other = asStaff(server, await staffCookie(server, `import-${role}`))
      const bytes = csvBytes([HEADINGS], ';', 'utf8')
      expect((await other.post('/api/staff/family-imports/analysis', file(bytes))).statusCode).toBe(
        403,
      )
      const run = { ...file(bytes), mapping: MAPPING, siteId: null }
      expect((await other.post('/api/staff/family-imports/check', run)).statusCode).toBe(403)
      expect((await other.post('/api/staff/family-imports', run)).statusCode).toBe(403)
      expect((await other.get('/api/staff/family-imports/sample.csv')).statusCode).toBe(403)
    },
  )
})
