// Fixtures of the SEPA tests: the conservatoire as SEPA creditor (billing_settings), invoices
// collected by direct debit issued straight through issueInvoice, the demo families by login, the
// month after the server clock's (the first direct debit month), the XSD validation of a file.
import fs from 'node:fs'
import path from 'node:path'
import { validateXML } from 'xmllint-wasm'
import type { Clock } from '../../db/clock.ts'
import type { Db } from '../../db/connection.ts'
import type { InstalmentPlan } from '../../db/rules/billing.ts'
import { issueInvoice, type IssuedInvoice } from '../../db/services/billing/invoices.ts'

/** The conservatoire's creditor: ICS, name with accents, IBAN and BIC (valid, fictional). */
export const CREDITOR = {
  id: 'FR12ZZZ123456',
  name: 'Régie du Conservatoire de Fouesnant',
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPP',
}

/** Accounts of the families (valid IBANs of the usual examples). */
export const ACCOUNTS = {
  /** FR: La Banque Postale's example. */
  dupont: { iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'PSSTFRPPPAR' },
  /** DE: the Bundesbank's example. */
  torrice: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
}

export async function setCreditor(db: Db, creditor: Partial<typeof CREDITOR> = CREDITOR) {
  const row = {
    sepa_creditor_id: creditor.id ?? '',
    sepa_creditor_name: creditor.name ?? '',
    sepa_creditor_iban: creditor.iban ?? '',
    sepa_creditor_bic: creditor.bic ?? '',
    updated_at: new Date().toISOString(),
  }
  await db('billing_settings')
    .insert({ id: 1, ...row })
    .onConflict('id')
    .merge()
}

/** The demo family of a guardian's login on a site (1: Conservatoire, 2: Antenne). */
export async function familyOf(db: Db, siteId: number, login: string): Promise<number> {
  const row = await db('guardians').where({ site_id: siteId, login }).first<{ family_id: number }>()
  return row.family_id
}

export async function currentYear(db: Db): Promise<number> {
  return (await db('school_years').where({ is_current: 1 }).first<{ id: number }>()).id
}

/** "2026-12" when the clock says November 2026: the month the fixtures' first debits are due. */
export function nextMonth(clock: Clock, months = 1): string {
  const now = clock.now()
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1))
  return d.toISOString().slice(0, 7)
}

/** An invoice of the family, its instalments collected by direct debit from the 5th of `month`. */
export async function directDebitInvoice(
  db: Db,
  clock: Clock,
  input: {
    familyId: number
    month: string
    amountCents: number
    instalments?: InstalmentPlan
    directDebit?: boolean
  },
): Promise<IssuedInvoice> {
  const schoolYearId = await currentYear(db)
  return db.transaction((trx) =>
    issueInvoice(
      trx,
      {
        familyId: input.familyId,
        schoolYearId,
        period: 'annee',
        lines: [
          { category: 'cotisation', label: 'Formation musicale', amountCents: input.amountCents },
        ],
        instalments: input.instalments ?? 10,
        firstDueOn: `${input.month}-05`,
        directDebit: input.directDebit ?? true,
      },
      { staffUserId: null, clientIp: '127.0.0.1', clock },
    ),
  )
}

const XSD = path.join(import.meta.dirname, '../fixtures/sepa/pain.008.001.02.xsd')

/** The file checked against the official pain.008.001.02 schema: its errors (none: valid). */
export async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'export.xml', contents: xml }],
    schema: [{ fileName: 'pain.008.001.02.xsd', contents: fs.readFileSync(XSD, 'utf8') }],
  })
  return result.valid ? [] : result.errors.map((e) => e.rawMessage)
}
