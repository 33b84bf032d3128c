// Invoices, credit notes and receipts as PDF (issue 13), read back as text; the family's
// Facturation page (seed 002: Cotisations and Locations, their totals; seed 004: only the
// responsable 1 pays online). A family reaches only its own documents; staff, those of their sites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, asStaff, familyCookie, staffCookie, type Client } from '../support/api.ts'
import {
  billAbolant,
  credit,
  guardianOf,
  issue,
  manyLines,
  pay,
  setBillingSettings,
  withoutDemoBilling,
  type AbolantBilling,
} from '../support/billing-pdf.ts'
import { pdfText } from '../support/pdf.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer
let abolant: Client
let dupont1: Client
let dupont2: Client
let admin: Client
let billed: AbolantBilling
let dupontInvoice: number

/** A PDF answer: opened inline by the browser, never sniffed, never cached; then its text. */
async function pdfOf(client: Client, url: string, fileName: string): Promise<string> {
  const res = await client.get(url)
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toBe('application/pdf')
  expect(res.headers['content-disposition']).toBe(`inline; filename="${fileName}"`)
  expect(res.headers['x-content-type-options']).toBe('nosniff')
  expect(res.headers['cache-control']).toBe('no-store')
  expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  return pdfText(res.rawPayload)
}

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 10 })
  await withoutDemoBilling(server.db)
  billed = await billAbolant(server.db, server.clock)
  const { familyId } = await guardianOf(server.db, 'dupont1')
  const invoice = await issue(server.db, server.clock, {
    familyId,
    period: 'trimestre_1',
    lines: [{ category: 'cotisation', label: 'Piano — DUPONT Léa', amountCents: 9_324 }],
    instalments: 1,
    firstDueOn: '2026-10-05',
    directDebit: true,
  })
  dupontInvoice = invoice.id
  abolant = asFamily(server, await familyCookie(server, 1, 'abolant1'))
  dupont1 = asFamily(server, await familyCookie(server, 1, 'dupont1'))
  dupont2 = asFamily(server, await familyCookie(server, 1, 'dupont2'))
  admin = asStaff(server, await staffCookie(server, 'admin'))
})
afterAll(() => server.close())

describe('the invoice as PDF', () => {
  it('names the conservatoire, the payer, the lines with their rules, the instalments, the payments and what is left', async () => {
    const text = await pdfOf(
      admin,
      `/api/staff/invoices/${billed.invoice.id}/pdf`,
      'facture-2026-F-000001.pdf',
    )
    for (const expected of [
      'Conservatoire de musique, danse et théâtre du Golfe',
      '12 avenue des Arts',
      '83310 COGOLIN',
      'Madame ABOLANT Jocelyne',
      'FACTURE',
      'N° 2026-F-000001',
      'Année scolaire 2026/2027 Compte Cotisations', // the whole year: no « — Année »
      'Musique cursus diplômant — ABOLANT Adrien Tranche B (QF de 600 à 899 €), commune : 180,00 € 180,00 €',
      'Frais de dossier Frais fixes : 20,00 € 20,00 €',
      'Réduction 2e activité — ABOLANT Adrien 2e activité : -10 % de 60,00 € -6,00 €',
      'Total 254,00 €',
      'Échéancier',
      '1 15/10/2026 84,68 €',
      '2 15/01/2027 84,66 €',
      '3 15/04/2027 84,66 €',
      '10/10/2026 2026-R-000001 Chèque Chèque n° 1234567 84,68 €',
      'Total de la facture 254,00 €',
      'Déjà réglé 84,68 €',
      'Reste à payer 169,32 €',
    ])
      expect(text).toContain(expected)
    expect(text).not.toContain('Prélèvement')
  })

  it('says « Prélèvement » on the instalments collected by direct debit', async () => {
    const text = await pdfOf(
      admin,
      `/api/staff/invoices/${dupontInvoice}/pdf`,
      'facture-2026-F-000003.pdf',
    )
    expect(text).toContain('Monsieur DUPONT Gérard')
    expect(text).toContain('Année scolaire 2026/2027 — 1er trimestre')
    expect(text).toContain('1 05/10/2026 Prélèvement 93,24 €')
    expect(text).toContain('Aucun règlement reçu à ce jour.')
    expect(text).toContain('Reste à payer 93,24 €')
  })

  it('bears the conservatoire’s title: « AVIS DES SOMMES A PAYER » with the Trésor Public', async () => {
    await setBillingSettings(server.db, { mode: 'tresor_public' })
    try {
      const { familyId } = await guardianOf(server.db, 'torrice1', 2)
      const invoice = await issue(server.db, server.clock, {
        familyId,
        period: 'annee',
        lines: [{ category: 'cotisation', label: 'Danse — TORRICE Emilie', amountCents: 12_000 }],
        instalments: 10,
        firstDueOn: '2026-10-05',
      })
      const text = await pdfOf(
        admin,
        `/api/staff/invoices/${invoice.id}/pdf`,
        `facture-${invoice.number}.pdf`,
      )
      expect(text).toContain('AVIS DES SOMMES A PAYER')
      expect(text).toContain('Antenne de Sainte-Maxime')
      expect(text).toContain('Madame TORRICE Emilie')
      // Ten instalments side by side: 1 to 5, then 6 to 10.
      expect(text).toContain('1 05/10/2026 12,00 € 6 05/03/2027 12,00 €')
      expect(text).toContain('5 05/02/2027 12,00 € 10 05/07/2027 12,00 €')
      const antenne = asStaff(server, await staffCookie(server, 'antenne'))
      expect((await antenne.get(`/api/staff/invoices/${invoice.id}/pdf`)).statusCode).toBe(200)
      const other = await antenne.get(`/api/staff/invoices/${billed.invoice.id}/pdf`)
      expect(other.statusCode).toBe(404)
      expect(other.body.message).toBe('Cette facture est introuvable.')
      const receipt = await antenne.get(`/api/staff/payments/${billed.cheque.id}/pdf`)
      expect(receipt.statusCode).toBe(404)
      expect(receipt.body.message).toBe('Ce règlement est introuvable.')
    } finally {
      await setBillingSettings(server.db)
    }
  })

  it('continues on a second page with 12 lines, 10 instalments and a long name, every page numbered', async () => {
    const { familyId } = await guardianOf(server.db, 'torrice1', 2)
    await server.db('guardians').where({ family_id: familyId, rank: 1 }).update({
      last_name: 'DE LA TOUR D’AUVERGNE-LAURAGUAIS DE MONTMORENCY-LAVAL',
      first_name: 'Marie-Amélie-Éléonore',
    })
    const invoice = await issue(server.db, server.clock, {
      familyId,
      period: 'annee',
      lines: manyLines(12),
      instalments: 10,
      firstDueOn: '2026-10-05',
      directDebit: true,
    })
    const res = await admin.get(`/api/staff/invoices/${invoice.id}/pdf`)
    const text = await pdfText(res.rawPayload)
    expect(text).toContain('Page 1/2')
    expect(text).toContain('Page 2/2')
    expect(text).toContain('DE LA TOUR D’AUVERGNE-')
    for (let i = 0; i < 11; i++)
      expect(text).toContain(`${(208.33 + i / 100).toFixed(2).replace('.', ',')} €`)
    expect(text).toContain('-42,17 €')
    expect(text).toContain('Total 2 250,01 €')
    expect(text).toContain('1 05/10/2026 Prélèvement 225,01 €')
    expect(text).toContain('10 05/07/2027 Prélèvement 225,00 €')
    expect(text).toContain('Reste à payer 2 250,01 €')
    // The last line goes with the total onto page 2, under the table's heading row again.
    expect(text).toMatch(
      /Page 1\/2 Désignation Montant Réduction famille .* -42,17 € Total 2 250,01 €/,
    )
  })

  it('is 404 for an id that names nothing', async () => {
    const res = await admin.get('/api/staff/invoices/987654/pdf')
    expect(res.statusCode).toBe(404)
    expect(res.body.message).toBe('Cette facture est introuvable.')
    const receipt = await admin.get('/api/staff/payments/987654/pdf')
    expect(receipt.statusCode).toBe(404)
    expect(receipt.body.message).toBe('Ce règlement est introuvable.')
  })
})

describe('the credit note and the receipt as PDF', () => {
  it('a credit note says AVOIR, the invoice it corrects and why; the invoice then counts it', async () => {
    const note = await credit(server.db, server.clock, {
      invoiceId: billed.rental.id,
      reason: 'Instrument rendu en janvier',
      lines: [{ category: 'location', label: 'Location trompette n° 12', amountCents: 3_000 }],
    })
    const text = await pdfOf(admin, `/api/staff/invoices/${note.id}/pdf`, 'avoir-2026-A-000001.pdf')
    for (const expected of [
      'AVOIR',
      'Avoir n° 2026-A-000001',
      'Facture corrigée 2026-F-000002 du',
      'Motif Instrument rendu en janvier',
      'Location trompette n° 12 -30,00 €',
      'Total de l’avoir -30,00 €',
    ])
      expect(text).toContain(expected)
    expect(text).not.toContain('Échéancier')
    const rental = await pdfOf(
      admin,
      `/api/staff/invoices/${billed.rental.id}/pdf`,
      'facture-2026-F-000002.pdf',
    )
    expect(rental).toContain('Total de la facture 90,00 € Avoirs -30,00 € Déjà réglé 0,00 €')
    expect(rental).toContain('Reste à payer 60,00 €')
  })

  it('a receipt says its number, the payment, the invoice it pays and what was left then', async () => {
    const text = await pdfOf(
      admin,
      `/api/staff/payments/${billed.cheque.id}/pdf`,
      'recu-2026-R-000001.pdf',
    )
    for (const expected of [
      'Reçu n° 2026-R-000001',
      'Date du règlement 10/10/2026',
      'Mode de règlement Chèque',
      'Référence Chèque n° 1234567',
      'Montant 84,68 €',
      'Facture réglée 2026-F-000001 du',
      'a reçu de Madame ABOLANT Jocelyne la somme de 84,68 €',
      'Total de la facture 254,00 €',
      'Reste à payer 169,32 €',
    ])
      expect(text).toContain(expected)
    expect(text).not.toContain('autorisation')
  })

  it('an online payment’s receipt carries its authorisation number; a later payment leaves the earlier receipt as it was', async () => {
    const online = await pay(server.db, server.clock, {
      invoiceId: billed.invoice.id,
      mode: 'paiement_en_ligne',
      amountCents: 10_000,
      paidOn: '2026-11-02',
      reference: '8f1e2c3a9b',
      authorisation: '482913',
    })
    const text = await pdfOf(
      admin,
      `/api/staff/payments/${online.id}/pdf`,
      `recu-${online.receiptNumber}.pdf`,
    )
    expect(text).toContain('Mode de règlement Paiement en ligne')
    expect(text).toContain('N° d’autorisation 482913')
    expect(text).toContain('Total réglé (ce règlement compris) 184,68 €')
    expect(text).toContain('Reste à payer 69,32 €')
    const first = await pdfOf(
      admin,
      `/api/staff/payments/${billed.cheque.id}/pdf`,
      'recu-2026-R-000001.pdf',
    )
    expect(first).toContain('Reste à payer 169,32 €')
  })
})

describe('the family’s Facturation page', () => {
  it('shows the account’s lines newest first, its totals, and a PDF for each line', async () => {
    const view = await abolant.read('/api/family/billing?account=cotisations')
    expect(view.account).toBe('cotisations')
    const kinds = view.rows.map((r: { kind: string; documentNumber: string }) => [
      r.kind,
      r.documentNumber,
    ])
    expect(kinds).toContainEqual(['facture', '2026-F-000001'])
    expect(kinds).toContainEqual(['recu', '2026-R-000001'])
    expect(view.rows.every((r: { operation: string }) => r.operation === '2026-F-000001')).toBe(
      true,
    )
    const invoice = view.rows.find((r: { kind: string }) => r.kind === 'facture')
    expect(invoice).toMatchObject({
      debitCents: 25_400,
      creditCents: null,
      pdfUrl: `/api/family/invoices/${billed.invoice.id}/pdf`,
      remise: false,
    })
    const cheque = view.rows.find(
      (r: { documentNumber: string }) => r.documentNumber === '2026-R-000001',
    )
    expect(cheque).toMatchObject({
      mode: 'Chèque',
      date: '2026-10-10',
      creditCents: 8_468,
      remise: true,
      pdfUrl: `/api/family/payments/${billed.cheque.id}/pdf`,
    })
    expect(view.billedCents).toBe(25_400)
    const paid = view.rows.reduce((s: number, r: { creditCents: number | null; kind: string }) => {
      return r.kind === 'recu' ? s + (r.creditCents ?? 0) : s
    }, 0)
    expect(view.paidCents).toBe(paid)
    expect(view.balanceCents).toBe(25_400 - paid)
    for (const row of view.rows) {
      const res = await abolant.get(row.pdfUrl)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
    }
  })

  it('keeps the rentals on the Locations tab', async () => {
    const view = await abolant.read('/api/family/billing?account=locations')
    expect(view.rows.map((r: { kind: string; operation: string }) => r.operation)).toEqual([
      '2026-A-000001',
      '2026-F-000002',
    ])
    expect(view.billedCents).toBe(9_000 - 3_000)
    expect(view.paidCents).toBe(0)
    expect(view.balanceCents).toBe(6_000)
    for (const query of ['account=autre', 'account=locations&x=1', 'account=']) {
      const refused = await abolant.get(`/api/family/billing?${query}`)
      expect([query, refused.statusCode, refused.body.code]).toEqual([query, 400, 'VALIDATION'])
    }
    const plain = await abolant.read('/api/family/billing')
    expect([plain.account, plain.rows.length]).toEqual(['cotisations', 3])
    expect(plain.rows).toEqual((await abolant.read('/api/family/billing?account=cotisations')).rows)
  })

  it('lets only the responsable 1 pay online; guardian 2 reads why', async () => {
    const first = await dupont1.read('/api/family/billing')
    expect(first).toMatchObject({ mayPayOnline: true, payOnlineWhy: '', onlinePayment: false })
    expect(first.rows.map((r: { operation: string }) => r.operation)).toEqual(['2026-F-000003'])
    expect(first.rows[0]).toMatchObject({ mode: 'Prélèvement automatique', leftCents: 9_324 })
    const second = await dupont2.read('/api/family/billing')
    expect(second.mayPayOnline).toBe(false)
    expect(second.payOnlineWhy).toBe(
      'Seul le responsable 1 (DUPONT Gérard) peut régler les factures en ligne.',
    )
    // Guardian 2 still reads the family's invoices.
    expect((await dupont2.get(`/api/family/invoices/${dupontInvoice}/pdf`)).statusCode).toBe(200)
  })

  it('says whether online payment is set up (a PayFiP client number)', async () => {
    await setBillingSettings(server.db, { mode: 'tresor_public', payfipNumcli: '012345' })
    try {
      const view = await abolant.read('/api/family/billing')
      expect(view).toMatchObject({ onlinePayment: true, mode: 'tresor_public' })
    } finally {
      await setBillingSettings(server.db)
    }
  })

  it('refuses another family’s invoice and receipt, as if they did not exist', async () => {
    const invoice = await dupont1.get(`/api/family/invoices/${billed.invoice.id}/pdf`)
    expect(invoice.statusCode).toBe(404)
    expect(invoice.body.message).toBe('Cette facture est introuvable.')
    const receipt = await dupont2.get(`/api/family/payments/${billed.cheque.id}/pdf`)
    expect(receipt.statusCode).toBe(404)
    expect(receipt.body.message).toBe('Ce règlement est introuvable.')
    const mine = await abolant.get(`/api/family/invoices/${dupontInvoice}/pdf`)
    expect(mine.statusCode).toBe(404)
    expect((await abolant.get('/api/family/invoices/987654/pdf')).statusCode).toBe(404)
    const own = await dupont1.read('/api/family/billing?account=cotisations')
    expect(own.rows.some((r: { invoiceId: number }) => r.invoiceId === billed.invoice.id)).toBe(
      false,
    )
    // Nobody logged in: 401, and the staff listener has no family route.
    expect((await asFamily(server).get('/api/family/billing')).statusCode).toBe(401)
    const unauth = await asFamily(server).get(`/api/family/invoices/${billed.invoice.id}/pdf`)
    expect(unauth.statusCode).toBe(401)
  })
})
