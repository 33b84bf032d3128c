import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueInvoice } from '../../db/services/billing/invoices.ts'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import { ledgerSnapshot, line } from '../support/billing-invoicing.ts'
import { clearDemoBilling } from '../support/billing.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { staffAs } from '../support/staff.ts'

// The invoicing routes of the back office on the demo: a family's accounts, an invoice, payments
// and credit notes, the lists and their exports, billing runs and their progress; who may do what
// (Comptabilité and Administrateur bill and record, Secrétariat records, Direction reads) and
// the site scoping (another site's invoice is not found).

let server: TestServer
let compta: Client
let secretariat: Client
let direction: Client
let antenne: Client
let abolant: number
let torrice: number
let year: number
let invoiceId: number

async function familyOf(login: string): Promise<number> {
  const row = (await server.db('guardians').where({ login }).first('family_id')) as {
    family_id: number
  }
  return row.family_id
}

function issue(familyId: number, amounts: number[], firstDueOn = '2026-10-05') {
  return server.db.transaction((trx) =>
    issueInvoice(
      trx,
      {
        familyId,
        schoolYearId: year,
        period: 'annee',
        lines: amounts.map((a, i) => line(`Cours ${i + 1}`, a)),
        instalments: 3,
        firstDueOn,
      },
      { staffUserId: null, clientIp: '127.0.0.1', clock: server.clock },
    ),
  )
}

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 10 })
  await clearDemoBilling(server.db, { settings: true })
  compta = asStaff(server, await staffCookie(server, 'comptabilite'))
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  direction = asStaff(server, await staffCookie(server, 'direction'))
  antenne = asStaff(server, await staffCookie(server, 'antenne'))
  abolant = await familyOf('abolant1')
  torrice = await familyOf('torrice1')
  const current = (await server.db('school_years').where({ is_current: true }).first('id')) as {
    id: number
  }
  year = current.id
  invoiceId = (await issue(abolant, [18000, 6024])).id
})
afterAll(() => server.close())

describe('an invoice in the back office', () => {
  it('shows its lines, instalments, payments and credit notes', async () => {
    const detail = await compta.read(`/api/staff/invoices/${invoiceId}`)
    expect(detail).toMatchObject({
      id: invoiceId,
      kind: 'facture',
      familyId: abolant,
      period: 'annee',
      account: 'cotisations',
      totalCents: 24024,
      leftCents: 24024,
      credits: null,
      lines: [
        { category: 'cotisation', label: 'Cours 1', amountCents: 18000 },
        { category: 'cotisation', label: 'Cours 2', amountCents: 6024 },
      ],
      payments: [],
      creditNotes: [],
    })
    expect(detail.instalments.map((i: { dueOn: string; amountCents: number }) => i)).toEqual([
      expect.objectContaining({ position: 1, dueOn: '2026-10-05', amountCents: 8008 }),
      expect.objectContaining({ position: 2, dueOn: '2027-01-05', amountCents: 8008 }),
      expect.objectContaining({ position: 3, dueOn: '2027-04-05', amountCents: 8008 }),
    ])
  })

  it('takes payments typed in French from Comptabilité and Secrétariat, not from Direction', async () => {
    const a = await issue(abolant, [10000])
    const paid = await compta.post(`/api/staff/invoices/${a.id}/payments`, {
      mode: 'cheque',
      amount: '40,50',
      paidOn: '02/10/2026',
      reference: 'Chèque 0012345',
    })
    expect(paid.statusCode).toBe(200)
    expect(paid.body).toEqual({
      id: expect.any(Number),
      receiptNumber: expect.any(String),
      leftCents: 5950,
    })
    const more = await secretariat.post(`/api/staff/invoices/${a.id}/payments`, {
      mode: 'especes',
      amount: '9,50',
      paidOn: '03/10/2026',
    })
    expect(more.body.leftCents).toBe(5000)
    const refused = await direction.post(`/api/staff/invoices/${a.id}/payments`, {
      mode: 'especes',
      amount: '1',
      paidOn: '03/10/2026',
    })
    expect(refused.statusCode).toBe(403)
    const detail = await direction.read(`/api/staff/invoices/${a.id}`)
    expect(
      detail.payments.map((p: { mode: string; amountCents: number; paidOn: string }) => [
        p.mode,
        p.amountCents,
        p.paidOn,
      ]),
    ).toEqual([
      ['cheque', 4050, '2026-10-02'],
      ['especes', 950, '2026-10-03'],
    ])
  })

  it('refuses an overpayment, a bad amount or an online payment typed by staff, writing nothing', async () => {
    const a = await issue(abolant, [3000])
    const before = await ledgerSnapshot(server.db)
    const over = await compta.post(`/api/staff/invoices/${a.id}/payments`, {
      mode: 'virement',
      amount: '30,01',
      paidOn: '01/10/2026',
    })
    expect(over.statusCode).toBe(400)
    expect(over.body.details).toEqual({
      amount: 'Ce règlement dépasse ce qui reste à payer sur la facture.',
    })
    const typo = await compta.post(`/api/staff/invoices/${a.id}/payments`, {
      mode: 'virement',
      amount: '30 euros',
      paidOn: '01/10/2026',
    })
    expect(typo.body.details).toEqual({
      amount: 'Saisissez un montant en euros, par exemple 93,24.',
    })
    const online = await compta.post(`/api/staff/invoices/${a.id}/payments`, {
      mode: 'paiement_en_ligne',
      amount: '30,00',
      paidOn: '01/10/2026',
    })
    expect(online.statusCode).toBe(400)
    expect(await ledgerSnapshot(server.db)).toEqual(before)
  })

  it('gets credit notes from Comptabilité, never from Secrétariat, within what was billed', async () => {
    const a = await issue(abolant, [10000])
    const body = {
      reason: 'Cours arrêté',
      lines: [{ label: 'Trompette : 2 trimestres', amount: '66,67' }],
    }
    expect(
      (await secretariat.post(`/api/staff/invoices/${a.id}/credit-notes`, body)).statusCode,
    ).toBe(403)
    const credit = await compta.post(`/api/staff/invoices/${a.id}/credit-notes`, body)
    expect(credit.statusCode).toBe(200)
    expect(credit.body.totalCents).toBe(-6667)
    const again = await compta.post(`/api/staff/invoices/${a.id}/credit-notes`, body)
    expect(again.statusCode).toBe(400)
    const detail = await compta.read(`/api/staff/invoices/${a.id}`)
    expect(detail.leftCents).toBe(3333)
    expect(detail.creditNotes).toEqual([
      expect.objectContaining({ number: credit.body.number, totalCents: -6667 }),
    ])
  })

  it('is not found by a staff member of another site', async () => {
    const antenneCompta = await staffAs(server, 'comptabilite', { siteIds: [2] })
    expect((await antenne.get(`/api/staff/invoices/${invoiceId}`)).statusCode).toBe(404)
    const pay = await antenne.post(`/api/staff/invoices/${invoiceId}/payments`, {
      mode: 'cheque',
      amount: '1,00',
      paidOn: '01/10/2026',
    })
    expect(pay.statusCode).toBe(404)
    expect(pay.body.message).toBe('Cette facture est introuvable.')
    expect((await antenne.get(`/api/staff/families/${abolant}/billing`)).statusCode).toBe(404)
    const credit = await antenneCompta.post(`/api/staff/invoices/${invoiceId}/credit-notes`, {
      reason: 'x',
      lines: [{ label: 'x', amount: '1' }],
    })
    expect(credit.statusCode).toBe(404)
    const run = await antenneCompta.post('/api/staff/billing-runs', {
      schoolYearId: year,
      period: 'annee',
      instalments: 1,
      firstDueOn: '05/10/2026',
      scope: 'famille',
      familyIds: [abolant],
    })
    expect(run.statusCode).toBe(404)
  })
})

describe('the family’s accounts', () => {
  it('gives the ledger of each account with its totals', async () => {
    const t = await issue(torrice, [9324])
    await compta.post(`/api/staff/invoices/${t.id}/payments`, {
      mode: 'carte',
      amount: '93,24',
      paidOn: '04/10/2026',
    })
    const accounts = await direction.read(`/api/staff/families/${torrice}/billing`)
    expect(accounts.locations).toEqual({ rows: [], billedCents: 0, paidCents: 0, balanceCents: 0 })
    expect(accounts.cotisations.billedCents).toBe(9324)
    expect(accounts.cotisations.paidCents).toBe(9324)
    expect(accounts.cotisations.balanceCents).toBe(0)
    expect(
      accounts.cotisations.rows.map((r: { kind: string; mode: string; remise: boolean }) => [
        r.kind,
        r.mode,
        r.remise,
      ]),
    ).toEqual([
      // Issued today (the test's clock), paid on 04/10/2026: the invoice comes first.
      ['facture', '', true],
      ['recu', 'Carte bancaire', true],
    ])
  })
})

describe('the lists', () => {
  it('lists the unpaid invoices, late ones apart, and exports them for the accountant', async () => {
    const late = await issue(torrice, [5000], '2025-12-01')
    const later = await issue(torrice, [5000], '2099-12-01')
    const list = await compta.read(`/api/staff/invoices?schoolYearId=${year}&overdue=true`)
    const mine = list.rows.find((r: { id: number }) => r.id === late.id)
    expect(mine).toMatchObject({ familyId: torrice, totalCents: 5000, leftCents: 5000 })
    expect(mine.overdueCents).toBe(5000)
    expect(list.rows.some((r: { id: number }) => r.id === later.id)).toBe(false)
    const all = await compta.read(`/api/staff/invoices?schoolYearId=${year}`)
    expect(all.rows.find((r: { id: number }) => r.id === later.id)?.overdueCents).toBe(0)
    const antenneList = await antenne.read('/api/staff/invoices')
    expect(
      antenneList.rows.every((r: { siteName: string }) => r.siteName !== 'Conservatoire'),
    ).toBe(true)
    const csv = await compta.get(`/api/staff/invoices/export?schoolYearId=${year}&overdue=true`)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    const text = csv.rawPayload.toString('utf8')
    expect(text.split('\r\n')[0]).toBe(
      '\ufeffNuméro;Date;Famille;Site;Montant (€);Reste à payer (€);En retard (€)',
    )
    expect(text).toContain(`${late.number};`)
    expect(text).toContain(';Antenne de Sainte-Maxime;50,00;50,00;')
  })

  it('lists the payments of a period, by mode, and exports them', async () => {
    const list = await compta.read('/api/staff/payments?from=2026-10-02&to=2026-10-03')
    expect(
      list.rows.map((p: { amountCents: number; modeLabel: string }) => [
        p.modeLabel,
        p.amountCents,
      ]),
    ).toEqual([
      ['Chèque', 4050],
      ['Espèces', 950],
    ])
    expect(list.totalCents).toBe(5000)
    const cheques = await compta.read(
      '/api/staff/payments?from=2026-10-01&to=2026-10-31&mode=cheque',
    )
    expect(cheques.rows).toHaveLength(1)
    const csv = await secretariat.get('/api/staff/payments/export?from=2026-10-02&to=2026-10-02')
    const lines = csv.rawPayload.toString('utf8').trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      '\ufeffDate;Reçu;Facture;Famille;Mode de règlement;Numéro d’opération;Montant (€)',
    )
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(
      /^02\/10\/2026;\d{4}-R-\d{6};\d{4}-F-\d{6};.+;Chèque;Chèque 0012345;40,50$/,
    )
  })
})

describe('billing runs', () => {
  it('are started by Comptabilité, not by Secrétariat, and checked', async () => {
    const body = {
      schoolYearId: year,
      period: 'trimestre_2',
      instalments: 1,
      firstDueOn: '05/01/2027',
      scope: 'selection',
      familyIds: [torrice],
    }
    expect((await secretariat.post('/api/staff/billing-runs', body)).statusCode).toBe(403)
    const bad = await compta.post('/api/staff/billing-runs', { ...body, firstDueOn: '31/02/2027' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body.details).toEqual({ firstDueOn: 'Saisissez une date au format JJ/MM/AAAA.' })
    const none = await compta.post('/api/staff/billing-runs', { ...body, familyIds: [] })
    expect(none.body.details).toEqual({ familyIds: 'Choisissez au moins une famille à facturer.' })
  })

  it('skip a family billed already for the year when a term is asked, and say how far they are', async () => {
    const started = await compta.post('/api/staff/billing-runs', {
      schoolYearId: year,
      period: 'trimestre_2',
      instalments: 1,
      firstDueOn: '05/01/2027',
      scope: 'selection',
      familyIds: [torrice, abolant],
    })
    expect(started.statusCode).toBe(202)
    await server.staff.plugins['portee-staff-billing-api'].runs.idle()
    const progress = await compta.read(`/api/staff/billing-runs/${started.body.id}`)
    expect(progress).toEqual({
      id: started.body.id,
      total: 2,
      done: 2,
      issued: 0,
      skipped: 2,
      finished: true,
      interrupted: false,
      error: null,
    })
    expect((await compta.get('/api/staff/billing-runs/987654')).statusCode).toBe(404)
  })
})
