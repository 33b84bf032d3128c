import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordPayment } from '../../db/services/billing/payments.ts'
import { familyBilling } from '../../db/services/billing/family-billing.ts'
import { settleOnlinePayment } from '../../db/services/billing/payfip/settle.ts'
import { PayfipSoap } from '../../db/services/billing/payfip/soap.ts'
import { asFamily, asStaff, familyCookie, staffCookie, type Client } from '../support/api.ts'
import {
  familyOfLogin,
  invoiceFor,
  openPayfip,
  simulatorOf,
  startPayfipServer,
} from '../support/billing-payfip.ts'
import { sweepPendingPayments } from '../../extranet/server/payfip-sweep.ts'
import { MINUTE } from '../support/clock.ts'
import type { TestServer } from '../support/server.ts'
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp.ts'

// Online payment through PayFiP, end to end on the simulator: the server really calls the
// simulator's SOAP web service over HTTP, the simulator really notifies the server.

let server: TestServer
let smtp: SmtpCatcher
let abolant: Client
let abolantFamily: number
let dupontFamily: number

beforeAll(async () => {
  smtp = await startSmtpCatcher()
  server = await startPayfipServer(smtp.url)
  await openPayfip(server)
  abolant = asFamily(server, await familyCookie(server, 1, 'abolant1'))
  abolantFamily = await familyOfLogin(server, 'abolant1')
  dupontFamily = await familyOfLogin(server, 'dupont1')
})
afterAll(async () => {
  await server.close()
  await smtp.close()
})

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

/** « Paiement en ligne »: the server opens a PayFiP operation; its idop and the page's address. */
async function start(family: Client, invoiceId: number) {
  const res = await family.post(`/api/family/invoices/${invoiceId}/online-payment`, {})
  expect(res.statusCode).toBe(200)
  const url = new URL(res.body.redirectUrl as string)
  return { url, idop: url.searchParams.get('idop') ?? '' }
}

/** On the simulator's page: the choice, then PayFiP's notification, then the browser's return. */
async function choose(url: URL, idop: string, choix: 'P' | 'R' | 'A') {
  const page = await asFamily(server).get(`${url.pathname}${url.search}`)
  expect(page.statusCode).toBe(200)
  expect(page.payload).toContain('Carte acceptée')
  const done = await server.portal.inject({
    method: 'POST',
    url: '/payfip-simulateur/paiement',
    headers: FORM,
    payload: new URLSearchParams({ idop, choix }).toString(),
  })
  expect(done.statusCode).toBe(303)
  const back = new URL(String(done.headers.location))
  expect(back.pathname).toBe('/api/payfip/retour')
  const ret = await asFamily(server).get(`${back.pathname}${back.search}`)
  expect(ret.statusCode).toBe(303)
  expect(ret.headers.location).toBe(`/facturation/paiement?idop=${idop}`)
}

const settle = (family: Client, idop: string) =>
  family.post('/api/family/online-payments/settle', { idop })

const notify = (idop: string) =>
  fetch(`${server.portalUrl}/api/payfip/notification`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ idop }).toString(),
  })

const paymentsOf = (invoiceId: number) =>
  server.db('payments').where({ invoice_id: invoiceId }).orderBy('id')

const attemptOf = (idop: string) => server.db('online_payments').where({ idop }).first()

describe('paying an invoice online through PayFiP', () => {
  it('records a card accepted once, with its authorisation, and mails the receipt', async () => {
    const invoice = await invoiceFor(server, abolantFamily, 9324)
    const { url, idop } = await start(abolant, invoice.id)
    const sent = simulatorOf(server).operations.get(idop)?.args
    expect(sent).toMatchObject({
      montant: '9324',
      numcli: '123456',
      saisie: 'T',
      mel: 'jocelyne.abolant@example.org',
    })
    expect(sent?.['refdet']).toMatch(/^[A-Za-z0-9]{1,30}$/)
    await choose(url, idop, 'P')
    const result = await settle(abolant, idop)
    expect(result.statusCode).toBe(200)
    expect(result.body).toMatchObject({
      state: 'paid',
      invoiceNumber: invoice.number,
      amountCents: 9324,
    })
    const payments = await paymentsOf(invoice.id)
    expect(payments).toHaveLength(1)
    expect(payments[0]).toMatchObject({
      mode: 'paiement_en_ligne',
      amount_cents: 9324,
      reference: idop,
      receipt_number: result.body.receiptNumber,
    })
    expect(payments[0].authorisation).toMatch(/^\d{6}$/)
    expect(payments[0].authorisation).toBe(simulatorOf(server).operations.get(idop)?.numauto)
    const attempt = await attemptOf(idop)
    expect(attempt).toMatchObject({ state: 'paid', payment_id: payments[0].id, resultrans: 'P' })
    expect(attempt.notified_at).toBeTruthy()
    const [mail] = (await smtp.waitFor(1)).filter((m) => m.subject.includes(invoice.number))
    expect(mail?.to).toEqual(['jocelyne.abolant@example.org'])
    expect(mail?.text).toContain('93,24 €')
    expect(mail?.text).toContain(invoice.number)
    expect(mail?.text).toContain(result.body.receiptNumber)
    expect(mail?.text).toContain('Facturation')
    // Nothing left: a second « Paiement en ligne » is refused.
    const again = await abolant.post(`/api/family/invoices/${invoice.id}/online-payment`, {})
    expect(again.statusCode).toBe(409)
    expect(again.body.message).toBe('Cette facture est déjà réglée.')
  })

  it('records nothing for a card refused, or a payment abandoned', async () => {
    for (const [choix, state] of [
      ['R', 'refused'],
      ['A', 'abandoned'],
    ] as const) {
      const invoice = await invoiceFor(server, abolantFamily, 5000)
      const { url, idop } = await start(abolant, invoice.id)
      await choose(url, idop, choix)
      expect((await settle(abolant, idop)).body).toMatchObject({ state, receiptNumber: '' })
      expect(await paymentsOf(invoice.id)).toHaveLength(0)
    }
  })

  it('records a payment once when PayFiP notifies twice, and when the notification comes after the return', async () => {
    const invoice = await invoiceFor(server, abolantFamily, 12000)
    const { url, idop } = await start(abolant, invoice.id)
    simulatorOf(server).holdNotifications = true
    try {
      await choose(url, idop, 'P')
    } finally {
      simulatorOf(server).holdNotifications = false
    }
    // The return page first: it asks PayFiP itself and records the payment.
    expect((await settle(abolant, idop)).body.state).toBe('paid')
    expect((await attemptOf(idop)).notified_at).toBeNull()
    // Then the late notification, and the same once more.
    await simulatorOf(server).sendHeld()
    expect((await notify(idop)).status).toBe(200)
    expect((await settle(abolant, idop)).body.state).toBe('paid')
    expect(await paymentsOf(invoice.id)).toHaveLength(1)
    expect((await attemptOf(idop)).notified_at).toBeTruthy()
  })

  it('asks PayFiP again about a payment whose notification and return were both lost', async () => {
    const invoice = await invoiceFor(server, abolantFamily, 7000)
    const { url, idop } = await start(abolant, invoice.id)
    simulatorOf(server).holdNotifications = true
    try {
      await choose(url, idop, 'P') // and the family closes its browser
    } finally {
      simulatorOf(server).holdNotifications = false
    }
    const app = server.portal.app.ctx
    expect(await sweepPendingPayments(app)).toBe(0) // PayFiP's operation may still be running
    server.clock.advance(21 * MINUTE)
    expect(await sweepPendingPayments(app)).toBe(1)
    expect(await paymentsOf(invoice.id)).toHaveLength(1)
    expect((await attemptOf(idop)).state).toBe('paid')
    expect(await sweepPendingPayments(app)).toBe(0)
    await simulatorOf(server).sendHeld() // the lost notification, at last: nothing twice
    expect(await paymentsOf(invoice.id)).toHaveLength(1)
  })

  it('records nothing for a forged notification: an unknown operation, or one PayFiP says was refused', async () => {
    const before = await server.db('payments').count<{ n: number }[]>('* as n')
    expect((await notify('SIMFORGED0000')).status).toBe(200)
    const invoice = await invoiceFor(server, abolantFamily, 4000)
    const { url, idop } = await start(abolant, invoice.id)
    await choose(url, idop, 'R')
    expect((await notify(idop)).status).toBe(200)
    expect(await server.db('payments').count<{ n: number }[]>('* as n')).toEqual(before)
    expect((await attemptOf(idop)).state).toBe('refused')
  })

  it('records nothing when the details are for another amount or reference', async () => {
    const invoice = await invoiceFor(server, abolantFamily, 6000)
    const { idop } = await start(abolant, invoice.id)
    const attempt = await attemptOf(idop)
    const details = {
      idOp: idop,
      resultrans: 'P',
      numauto: '123456',
      dattrans: '01122026',
      heurtrans: '1015',
      montant: 100,
      refdet: attempt.refdet,
      exer: attempt.exer,
      numcli: attempt.numcli,
      mel: attempt.mel,
      saisie: 'T',
      objet: '',
    }
    const input = { notified: true, clientIp: '127.0.0.1', clock: server.clock, publicUrl: '' }
    const outcome = await server.db.transaction((trx) =>
      settleOnlinePayment(trx, idop, details, input),
    )
    expect(outcome).toMatchObject({ state: 'error', recorded: false })
    expect(await paymentsOf(invoice.id)).toHaveLength(0)
    // Settled as an error, it stays one: the right details afterwards record nothing either.
    const right = { ...details, montant: 6000 }
    await server.db.transaction((trx) => settleOnlinePayment(trx, idop, right, input))
    expect(await paymentsOf(invoice.id)).toHaveLength(0)
  })

  it('records nothing when the invoice was partly paid at the desk during the online payment', async () => {
    const invoice = await invoiceFor(server, abolantFamily, 10000)
    const { url, idop } = await start(abolant, invoice.id)
    await server.db.transaction((trx) =>
      recordPayment(
        trx,
        { invoiceId: invoice.id, mode: 'cheque', amountCents: 3000, paidOn: '2026-11-20' },
        { staffUserId: null, clientIp: '127.0.0.1', clock: server.clock },
      ),
    )
    await choose(url, idop, 'P')
    const result = await settle(abolant, idop)
    expect(result.body).toMatchObject({ state: 'error', receiptNumber: '' })
    expect(result.body.problem).toContain('le secrétariat régularisera')
    const payments = await paymentsOf(invoice.id)
    expect(payments.map((p) => p.mode)).toEqual(['cheque'])
    const journal = await server.db('audit_log').where({ action: 'online_payment.error' })
    expect(journal.length).toBeGreaterThan(0)
  })
})

describe('PayFiP’s calls come from another site', () => {
  it('takes the notification and the browser’s return from PayFiP’s pages, with no session', async () => {
    const invoice = await invoiceFor(server, abolantFamily, 2500)
    const { url, idop } = await start(abolant, invoice.id)
    simulatorOf(server).holdNotifications = true
    try {
      await choose(url, idop, 'P')
    } finally {
      simulatorOf(server).holdNotifications = false
    }
    const payfip = { ...FORM, origin: 'https://www.payfip.gouv.fr', 'sec-fetch-site': 'cross-site' }
    const body = new URLSearchParams({ idop }).toString()
    const back = await fetch(`${server.portalUrl}/api/payfip/retour`, {
      method: 'POST',
      headers: payfip,
      body,
      redirect: 'manual',
    })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(`/facturation/paiement?idop=${idop}`)
    const notified = await fetch(`${server.portalUrl}/api/payfip/notification`, {
      method: 'POST',
      headers: payfip,
      body,
    })
    expect(notified.status).toBe(200)
    expect(await paymentsOf(invoice.id)).toHaveLength(1)
    // Any other change from another site is still refused.
    const forged = await fetch(
      `${server.portalUrl}/api/family/invoices/${invoice.id}/online-payment`,
      {
        method: 'POST',
        headers: { ...payfip, 'content-type': 'application/json' },
        body: '{}',
      },
    )
    expect(forged.status).toBe(403)
  })
})

describe('who may pay online', () => {
  it('refuses the guardian 2, with the reason', async () => {
    const invoice = await invoiceFor(server, dupontFamily, 5000)
    const claire = asFamily(server, await familyCookie(server, 1, 'dupont2'))
    const res = await claire.post(`/api/family/invoices/${invoice.id}/online-payment`, {})
    expect(res.statusCode).toBe(403)
    expect(res.body.message).toBe('Seul le responsable 1 peut régler les factures en ligne.')
  })

  it('does not find another family’s invoice, nor its payment', async () => {
    const invoice = await invoiceFor(server, dupontFamily, 5000)
    const res = await abolant.post(`/api/family/invoices/${invoice.id}/online-payment`, {})
    expect(res.statusCode).toBe(404)
    expect(res.body.message).toBe('Cette facture est introuvable.')
    const gerard = asFamily(server, await familyCookie(server, 1, 'dupont1'))
    const { idop } = await start(gerard, invoice.id)
    expect((await settle(abolant, idop)).statusCode).toBe(404)
    expect((await settle(gerard, idop)).body.state).toBe('created')
  })

  it('tells the Facturation page who may pay, and why not', async () => {
    const guardians = await server
      .db('guardians')
      .whereIn('login', ['abolant1', 'dupont2'])
      .orderBy('login')
      .select<{ id: number; family_id: number }[]>('id', 'family_id')
    const status = (g: { id: number; family_id: number }) =>
      server.db.transaction(async (trx) => {
        const page = await familyBilling(trx, {
          guardianId: g.id,
          familyId: g.family_id,
          account: 'cotisations',
        })
        return {
          onlinePayment: page.onlinePayment,
          mayPayOnline: page.mayPayOnline,
          payOnlineWhy: page.payOnlineWhy,
        }
      })
    const [jocelyne, claire] = guardians as [
      { id: number; family_id: number },
      { id: number; family_id: number },
    ]
    expect(await status(jocelyne)).toEqual({
      onlinePayment: true,
      mayPayOnline: true,
      payOnlineWhy: '',
    })
    expect(await status(claire)).toEqual({
      onlinePayment: true,
      mayPayOnline: false,
      payOnlineWhy: 'Seul le responsable 1 (DUPONT Gérard) peut régler les factures en ligne.',
    })
  })

  it('needs a session to pay, and PayFiP open in Paramètres', async () => {
    const invoice = await invoiceFor(server, abolantFamily, 5000)
    const path = `/api/family/invoices/${invoice.id}/online-payment`
    expect((await asFamily(server).post(path, {})).statusCode).toBe(401)
    await server.db('billing_settings').where({ id: 1 }).update({ payfip_numcli: '' })
    try {
      const res = await abolant.post(path, {})
      expect(res.statusCode).toBe(409)
      expect(res.body.message).toBe('Le paiement en ligne n’est pas ouvert par le conservatoire.')
      const closed = await server.db.transaction((trx) =>
        familyBilling(trx, { guardianId: 1, familyId: abolantFamily, account: 'cotisations' }),
      )
      expect(closed).toMatchObject({ onlinePayment: false })
    } finally {
      await openPayfip(server)
    }
  })

  it('answers PayFiP’s faults like PayFiP: an unknown operation, one not over yet', async () => {
    const soap = new PayfipSoap(server.config.payfip)
    expect(await soap.details('SIMINCONNU')).toBeNull()
    const invoice = await invoiceFor(server, abolantFamily, 5000)
    const { idop } = await start(abolant, invoice.id)
    expect(await soap.details(idop)).toBeNull()
  })
})

describe('Paramètres → Facturation', () => {
  it('saves the billing mode, PayFiP and the SEPA creditor, checked', async () => {
    const admin = asStaff(server, await staffCookie(server))
    const settings = {
      mode: 'tresor_public',
      invoiceTitle: 'AVIS DES SOMMES A PAYER',
      separateRentals: false,
      payfipNumcli: '12345',
      payfipSaisie: 'W',
      sepaCreditorId: 'FR12ZZZ123456',
      sepaCreditorName: 'Conservatoire',
      sepaCreditorIban: 'FR76 3000 6000 0112 3456 7890 188',
      sepaCreditorBic: 'AGRIFRPP',
    }
    const bad = await admin.put('/api/staff/billing-settings', settings)
    expect(bad.statusCode).toBe(400)
    expect(bad.body.details).toEqual({
      payfipNumcli: 'Le numéro client PayFiP compte 6 chiffres.',
      sepaCreditorIban: 'Cet IBAN n’est pas valide.',
    })
    const good = {
      ...settings,
      payfipNumcli: '654321',
      sepaCreditorIban: 'fr76 3000 6000 0112 3456 7890 189',
    }
    const saved = await admin.put('/api/staff/billing-settings', good)
    expect(saved.statusCode).toBe(200)
    expect(saved.body).toMatchObject({
      payfipSaisie: 'W',
      sepaCreditorIban: 'FR7630006000011234567890189',
    })
    expect(await admin.read('/api/staff/billing-settings')).toEqual(saved.body)
    const test = await admin.put('/api/staff/billing-settings', { ...good, payfipSaisie: 'T' })
    expect(test.body.payfipSaisie).toBe('T')
    await openPayfip(server)
  })
})
