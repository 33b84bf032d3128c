import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueCreditNote } from '../../db/services/billing/invoices.ts'
import { recordPayment } from '../../db/services/billing/payments.ts'
import { ibanError, maskedIban, sepaAmount, sepaText } from '../../db/rules/sepa.ts'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import {
  ACCOUNTS,
  CREDITOR,
  directDebitInvoice,
  familyOf,
  nextMonth,
  setCreditor,
  xsdErrors,
} from '../support/billing-sepa.ts'
import { clearDemoBilling } from '../support/billing.ts'
import { parisDay } from '../../db/rules/pedagogy.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { staffAs } from '../support/staff.ts'

// SEPA direct debit: mandates on the family (IBAN and BIC checked, RUM), a month's debits
// exported as a pain.008.001.02 file valid against the official XSD, the instalments marked and
// their payments recorded in the same transaction, never twice; who may do it and for which sites.

let server: TestServer
let auditStart = 0
let compta: Client // comptabilite: both sites
let comptaAntenne: Client // a Comptabilité account of the Antenne (site 2) only
let secretariat: Client // site 1
let antenne: Client // Secrétariat of site 2
let direction: Client
let families: { dupont: number; torrice: number; abolant: number }
let month: string

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['PmtInf', 'DrctDbtTxInf'].includes(name),
})
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed file is read loosely, then asserted
const parse = (xml: string): any => parser.parse(xml)

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 10 })
  await clearDemoBilling(server.db, { settings: true })
  // The demo's billing wrote in the families' journals: this file reads only what it writes.
  auditStart = Number((await server.db('audit_log').max({ id: 'id' }).first())?.id ?? 0)
  compta = asStaff(server, await staffCookie(server, 'comptabilite'))
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  antenne = asStaff(server, await staffCookie(server, 'antenne'))
  direction = asStaff(server, await staffCookie(server, 'direction'))
  comptaAntenne = await staffAs(server, 'comptabilite', { siteIds: [2] })
  families = {
    dupont: await familyOf(server.db, 1, 'dupont1'),
    torrice: await familyOf(server.db, 2, 'torrice1'),
    abolant: await familyOf(server.db, 1, 'abolant1'),
  }
  month = nextMonth(server.clock)
})
afterAll(() => server.close())

const mandates = (familyId: number) => `/api/staff/families/${familyId}/sepa-mandates`
const signed = '02/09/2025'

describe('the rules of a mandate and of the file', () => {
  it('checks IBANs with their key, typed with or without spaces', () => {
    expect(ibanError('FR76 3000 6000 0112 3456 7890 189')).toBeNull()
    expect(ibanError('fr7630006000011234567890189')).toBeNull()
    expect(ibanError('FR7630006000011234567890188')).toBe('Cet IBAN n’est pas valide.')
    expect(ibanError('FR76300060000112345')).toBe('Cet IBAN n’est pas valide.')
    expect(ibanError('')).toBe('Cet IBAN n’est pas valide.')
  })

  it('shows only the country, the key and the last 4 of an IBAN', () => {
    expect(maskedIban('FR76 3000 6000 0112 3456 7890 189')).toBe(
      'FR76 •••• •••• •••• •••• •••0 189',
    )
  })

  it('writes names in the SEPA character set and amounts in euros with a dot', () => {
    expect(sepaText('Hélène NOËL-Œuvre & fils « Ça ! »')).toBe('Helene NOEL-OEuvre + fils Ca')
    expect(sepaText('Zoë  Ľubica_Ørsted')).toBe('Zoe Lubica Orsted')
    expect(sepaAmount(7000)).toBe('70.00')
    expect(sepaAmount(3335)).toBe('33.35')
    expect(sepaAmount(5)).toBe('0.05')
  })
})

describe('a month without a creditor', () => {
  it('says where to set the creditor and exports nothing', async () => {
    await directDebitInvoice(server.db, server.clock, {
      familyId: families.abolant,
      month,
      amountCents: 20000,
    })
    const preview = await compta.read(`/api/staff/sepa-debits?month=${month}`)
    expect(preview.creditorProblem).toBe(
      'Renseignez le créancier SEPA dans Paramètres → Facturation.',
    )
    const res = await compta.post('/api/staff/sepa-batches', { month })
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toBe('Renseignez le créancier SEPA dans Paramètres → Facturation.')
    await setCreditor(server.db, { ...CREDITOR, bic: '' })
    expect((await compta.post('/api/staff/sepa-batches', { month })).statusCode).toBe(400)
    await setCreditor(server.db)
  })
})

describe('mandates', () => {
  it('refuses a bad IBAN, a bad BIC, no holder and a signature in the future', async () => {
    const res = await compta.post(mandates(families.dupont), {
      holderName: ' ',
      iban: 'FR14 2004 1010 0505 0001 3M02 607',
      bic: 'PSST',
      signedOn: '01/01/2099',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body.details).toEqual({
      holderName: 'Indiquez le titulaire du compte.',
      iban: 'Cet IBAN n’est pas valide.',
      bic: 'Ce BIC n’est pas valide.',
      signedOn: 'La date de signature ne peut pas être dans le futur.',
    })
    expect(await server.db('sepa_mandates').count({ n: '*' })).toEqual([{ n: 0 }])
  })

  it('adds a mandate under the family’s RUM, one in force at a time', async () => {
    const res = await compta.post(mandates(families.dupont), {
      holderName: 'Gérard Dupont',
      iban: ACCOUNTS.dupont.iban,
      bic: 'psstfrpppar',
      signedOn: signed,
    })
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatchObject({
      rum: `PORTEE-${families.dupont}-1`,
      holderName: 'Gérard Dupont',
      ibanMasked: 'FR14 •••• •••• •••• •••• •••2 606',
      bic: 'PSSTFRPPPAR',
      signedOn: '2025-09-02',
      nextSequence: 'FRST',
      revokedAt: null,
    })
    const stored = await server.db('sepa_mandates').where({ id: res.body.id }).first()
    expect(stored.iban).toBe('FR1420041010050500013M02606')
    const again = await compta.post(mandates(families.dupont), {
      holderName: 'Gérard Dupont',
      iban: ACCOUNTS.dupont.iban,
      bic: ACCOUNTS.dupont.bic,
      signedOn: signed,
    })
    expect(again.statusCode).toBe(409)
    const torrice = await compta.post(mandates(families.torrice), {
      holderName: 'Émilie Torrice',
      iban: ACCOUNTS.torrice.iban,
      bic: ACCOUNTS.torrice.bic,
      signedOn: signed,
    })
    expect(torrice.body.rum).toBe(`PORTEE-${families.torrice}-1`)
    const list = await direction.read(mandates(families.dupont))
    expect(list.map((m: { rum: string }) => m.rum)).toEqual([`PORTEE-${families.dupont}-1`])
  })

  it('lets only those who bill change mandates, on their sites', async () => {
    const input = {
      holderName: 'X',
      iban: ACCOUNTS.dupont.iban,
      bic: ACCOUNTS.dupont.bic,
      signedOn: signed,
    }
    expect((await secretariat.post(mandates(families.abolant), input)).statusCode).toBe(403)
    expect((await secretariat.get(mandates(families.dupont))).statusCode).toBe(200)
    expect((await antenne.get(mandates(families.dupont))).statusCode).toBe(404)
    const [dupontMandate] = await server.db('sepa_mandates').where({ family_id: families.dupont })
    const revoke = `/api/staff/sepa-mandates/${dupontMandate.id}/revoke`
    expect((await comptaAntenne.post(revoke, {})).statusCode).toBe(404)
    expect((await comptaAntenne.post(mandates(families.abolant), input)).statusCode).toBe(404)
    expect(await server.db('sepa_mandates').whereNull('revoked_at').count({ n: '*' })).toEqual([
      { n: 2 },
    ])
  })
})

let firstXml = ''

describe('the export of a month', () => {
  let dupontInvoice: { id: number; number: string }
  let torriceInvoice: { id: number; number: string }

  beforeAll(async () => {
    const at = { month }
    dupontInvoice = await directDebitInvoice(server.db, server.clock, {
      ...at,
      familyId: families.dupont,
      amountCents: 100000,
    })
    // Paid on the spot, not by direct debit: never in an export.
    await directDebitInvoice(server.db, server.clock, {
      ...at,
      familyId: families.dupont,
      amountCents: 5000,
      instalments: 1,
      directDebit: false,
    })
    torriceInvoice = await directDebitInvoice(server.db, server.clock, {
      ...at,
      familyId: families.torrice,
      amountCents: 10001,
      instalments: 3,
    })
    // 30,00 € of Dupont's first instalment paid by cheque: 70,00 € are left to collect.
    const first = await server
      .db('invoice_instalments')
      .where({ invoice_id: dupontInvoice.id, position: 1 })
      .first()
    await server.db.transaction((trx) =>
      recordPayment(
        trx,
        {
          invoiceId: dupontInvoice.id,
          mode: 'cheque',
          amountCents: 3000,
          paidOn: parisDay(server.clock.now()),
          instalmentId: first.id,
        },
        { staffUserId: null, clientIp: '127.0.0.1', clock: server.clock },
      ),
    )
  })

  it('shows what will be collected, for the staff member’s sites', async () => {
    const preview = await compta.read(`/api/staff/sepa-debits?month=${month}`)
    expect(preview.creditorProblem).toBeNull()
    expect(
      preview.lines.map((l: Record<string, unknown>) => [
        l.invoiceNumber,
        l.instalment,
        l.amountCents,
        l.sequence,
      ]),
    ).toEqual([
      [dupontInvoice.number, '1/10', 7000, 'FRST'],
      [torriceInvoice.number, '1/3', 3335, 'FRST'],
    ])
    expect(preview.count).toBe(2)
    expect(preview.totalCents).toBe(10335)
    expect(preview.withoutMandate).toBe(1) // ABOLANT: no mandate
    expect(preview.collectionDate).toBe(`${month}-05`)
    const antenneOnly = await comptaAntenne.read(`/api/staff/sepa-debits?month=${month}`)
    expect(antenneOnly.lines.map((l: { familyId: number }) => l.familyId)).toEqual([
      families.torrice,
    ])
    expect((await compta.get('/api/staff/sepa-debits?month=2026-13')).statusCode).toBe(400)
  })

  it('writes a pain.008.001.02 file that the official XSD accepts', async () => {
    expect((await secretariat.post('/api/staff/sepa-batches', { month })).statusCode).toBe(403)
    const res = await compta.post('/api/staff/sepa-batches', { month })
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatchObject({ count: 2, totalCents: 10335 })
    const file = await compta.get(`/api/staff/sepa-batches/${res.body.batchId}/file`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="prelevements-${month}-\\d{5}\\.xml"$`),
    )
    firstXml = file.payload
    expect(await xsdErrors(firstXml)).toEqual([])

    const doc = parse(firstXml).Document
    expect(doc['@_xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.008.001.02')
    const header = doc.CstmrDrctDbtInitn.GrpHdr
    expect(header.MsgId).toBe(res.body.messageId)
    expect(header.NbOfTxs).toBe('2')
    expect(header.CtrlSum).toBe('103.35')
    expect(header.InitgPty.Nm).toBe('Regie du Conservatoire de Fouesnant')
    const [block, ...others] = doc.CstmrDrctDbtInitn.PmtInf
    expect(others).toEqual([])
    expect(block.PmtMtd).toBe('DD')
    expect(block.PmtTpInf).toEqual({
      SvcLvl: { Cd: 'SEPA' },
      LclInstrm: { Cd: 'CORE' },
      SeqTp: 'FRST',
    })
    expect(block.ReqdColltnDt).toBe(`${month}-05`)
    expect(block.CdtrAcct.Id.IBAN).toBe('FR7630006000011234567890189')
    expect(block.CdtrAgt.FinInstnId.BIC).toBe('AGRIFRPP')
    expect(block.CdtrSchmeId.Id.PrvtId.Othr.Id).toBe('FR12ZZZ123456')
    const [dupont, torrice] = block.DrctDbtTxInf
    expect(dupont.PmtId.EndToEndId).toBe(`${dupontInvoice.number}-E01`)
    expect(dupont.InstdAmt).toEqual({ '#text': '70.00', '@_Ccy': 'EUR' })
    expect(dupont.DrctDbtTx.MndtRltdInf).toEqual({
      MndtId: `PORTEE-${families.dupont}-1`,
      DtOfSgntr: '2025-09-02',
    })
    expect(dupont.DbtrAgt.FinInstnId.BIC).toBe('PSSTFRPPPAR')
    expect(dupont.Dbtr.Nm).toBe('Gerard Dupont')
    expect(dupont.DbtrAcct.Id.IBAN).toBe('FR1420041010050500013M02606')
    expect(dupont.RmtInf.Ustrd).toBe(`Facture ${dupontInvoice.number} echeance 1/10`)
    expect(torrice.InstdAmt['#text']).toBe('33.35')
    expect(torrice.Dbtr.Nm).toBe('Emilie Torrice')
    expect(torrice.DbtrAcct.Id.IBAN).toBe('DE89370400440532013000')
  })

  it('records the payments and marks the instalments, once', async () => {
    const [batch] = await server.db('sepa_batches')
    const payments = await server
      .db('payments')
      .where({ mode: 'prelevement' })
      .orderBy('id')
      .select('invoice_id', 'amount_cents', 'paid_on', 'reference')
    expect(payments).toEqual([
      {
        invoice_id: dupontInvoice.id,
        amount_cents: 7000,
        paid_on: `${month}-05`,
        reference: `${dupontInvoice.number}-E01`,
      },
      {
        invoice_id: torriceInvoice.id,
        amount_cents: 3335,
        paid_on: `${month}-05`,
        reference: `${torriceInvoice.number}-E01`,
      },
    ])
    const marked = await server.db('invoice_instalments').where({ sepa_batch_id: batch.id })
    expect(marked.map((i: { invoice_id: number }) => i.invoice_id).sort()).toEqual(
      [dupontInvoice.id, torriceInvoice.id].sort(),
    )
    const again = await compta.post('/api/staff/sepa-batches', { month })
    expect(again.statusCode).toBe(400)
    expect(again.body.message).toBe('Il n’y a rien à prélever pour ce mois.')
    expect((await compta.read(`/api/staff/sepa-debits?month=${month}`)).count).toBe(0)
    expect(await server.db('sepa_batches').count({ n: '*' })).toEqual([{ n: 1 }])
    const [mandate] = await compta.read(mandates(families.dupont))
    expect(mandate.nextSequence).toBe('RCUR')
  })

  it('lists the exports of the sites and serves their file again', async () => {
    const list = await direction.read('/api/staff/sepa-batches')
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ month, transactions: 2, totalCents: 10335 })
    const again = await direction.get(`/api/staff/sepa-batches/${list[0].id}/file`)
    expect(again.payload).toBe(firstXml)
    // Site 1 only: the export holds a debit of the Antenne.
    expect(await secretariat.read('/api/staff/sepa-batches')).toEqual([])
    expect((await secretariat.get(`/api/staff/sepa-batches/${list[0].id}/file`)).statusCode).toBe(
      404,
    )
  })

  it('collects the next month as recurring debits', async () => {
    const following = nextMonth(server.clock, 2)
    const none = await comptaAntenne.post('/api/staff/sepa-batches', { month: following })
    expect(none.statusCode).toBe(400) // TORRICE pays each term: nothing this month
    const res = await compta.post('/api/staff/sepa-batches', {
      month: following,
      collectionDate: `07/${following.slice(5)}/${following.slice(0, 4)}`,
    })
    expect(res.body).toMatchObject({ count: 1, totalCents: 10000 })
    const xml = (await compta.get(`/api/staff/sepa-batches/${res.body.batchId}/file`)).payload
    expect(await xsdErrors(xml)).toEqual([])
    const [block] = parse(xml).Document.CstmrDrctDbtInitn.PmtInf
    expect(block.PmtTpInf.SeqTp).toBe('RCUR')
    expect(block.ReqdColltnDt).toBe(`${following}-07`)
    expect(block.DrctDbtTxInf[0].PmtId.EndToEndId).toBe(`${dupontInvoice.number}-E02`)
  })
})

describe('the XSD', () => {
  it('refuses a file with a malformed IBAN, an amount with a comma or no message id', async () => {
    expect(firstXml).toContain('<IBAN>FR1420041010050500013M02606</IBAN>')
    const broken = [
      firstXml.replace(
        '<IBAN>FR1420041010050500013M02606</IBAN>',
        '<IBAN>FR14 2004 1010 0505 0001 3M02 606</IBAN>',
      ),
      firstXml.replace('>70.00<', '>70,00<'),
      firstXml.replace(/<MsgId>[^<]*<\/MsgId>/, ''),
    ]
    for (const xml of broken) {
      expect(xml).not.toBe(firstXml)
      expect((await xsdErrors(xml)).length).toBeGreaterThan(0)
    }
  })

  it('catches a bad IBAN forced into the database past the checks', async () => {
    const forced = nextMonth(server.clock, 3)
    await server
      .db('sepa_mandates')
      .where({ family_id: families.dupont })
      .update({ iban: 'fr14 2004 1010 0505' })
    const res = await compta.post('/api/staff/sepa-batches', { month: forced })
    expect(res.statusCode).toBe(200)
    const xml = (await compta.get(`/api/staff/sepa-batches/${res.body.batchId}/file`)).payload
    expect((await xsdErrors(xml)).join('\n')).toMatch(/IBAN/)
  })
})

describe('revoking', () => {
  it('stops the debits of the family; a new mandate gets the next RUM and starts FRST', async () => {
    const later = nextMonth(server.clock, 5)
    const [current] = await compta.read(mandates(families.dupont))
    const revoked = await compta.post(`/api/staff/sepa-mandates/${current.id}/revoke`, {})
    expect(revoked.body.revokedAt).not.toBeNull()
    const preview = await compta.read(`/api/staff/sepa-debits?month=${later}`)
    expect(preview.lines).toEqual([])
    expect(preview.withoutMandate).toBe(2) // DUPONT and ABOLANT
    const added = await compta.post(mandates(families.dupont), {
      holderName: 'Claire Dupont',
      iban: 'FR76 3000 6000 0112 3456 7890 189',
      bic: 'AGRIFRPP',
      signedOn: '2026-01-15',
    })
    expect(added.body).toMatchObject({ rum: `PORTEE-${families.dupont}-2`, nextSequence: 'FRST' })
    const after = await compta.read(`/api/staff/sepa-debits?month=${later}`)
    expect(after.lines.map((l: { rum: string; sequence: string }) => [l.rum, l.sequence])).toEqual([
      [`PORTEE-${families.dupont}-2`, 'FRST'],
    ])
    // The family's journal: its mandates and each payment (the cheque, then three debits).
    const journal = await server
      .db('audit_log')
      .where({ family_id: families.dupont })
      .where('id', '>', auditStart)
      .whereIn('action', ['sepa.mandate.add', 'sepa.mandate.revoke', 'payment.record'])
      .orderBy('id')
      .pluck('action')
    expect(journal).toEqual([
      'sepa.mandate.add',
      'payment.record',
      'payment.record',
      'payment.record',
      'payment.record',
      'sepa.mandate.revoke',
      'sepa.mandate.add',
    ])
    const exports = await server
      .db('audit_log')
      .where({ action: 'sepa.export' })
      .where('id', '>', auditStart)
    expect(exports.map((e: { entity_id: number }) => e.entity_id)).toEqual(
      await server.db('sepa_batches').orderBy('id').pluck('id'),
    )
  })
})

describe('what is left to pay', () => {
  it('collects no more than the invoice’s balance after a credit note, and once when asked twice', async () => {
    const far = nextMonth(server.clock, 9)
    const invoice = await directDebitInvoice(server.db, server.clock, {
      familyId: families.torrice,
      month: far,
      amountCents: 3000,
      instalments: 1,
    })
    await server.db.transaction((trx) =>
      issueCreditNote(
        trx,
        {
          invoiceId: invoice.id,
          reason: 'Cours annulé',
          lines: [{ category: 'cotisation', label: 'Cours annulé', amountCents: 1000 }],
        },
        { staffUserId: null, clientIp: '127.0.0.1', clock: server.clock },
      ),
    )
    const preview = await compta.read(`/api/staff/sepa-debits?month=${far}`)
    const line = preview.lines.find((l: { invoiceId: number }) => l.invoiceId === invoice.id)
    expect(line.amountCents).toBe(2000)
    const both = await Promise.all([
      compta.post('/api/staff/sepa-batches', { month: far }),
      compta.post('/api/staff/sepa-batches', { month: far }),
    ])
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 400])
    const paid = await server
      .db('payments')
      .where({ invoice_id: invoice.id })
      .select('mode', 'amount_cents')
    expect(paid).toEqual([{ mode: 'prelevement', amount_cents: 2000 }])
  })
})
