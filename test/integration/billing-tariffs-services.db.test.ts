import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { TARIFF_MESSAGES as M } from '../../db/rules/tariffs.ts'
import type { BillingActor } from '../../db/services/billing/common.ts'
import { issueInvoice } from '../../db/services/billing/invoices.ts'
import { priceFamily } from '../../db/services/billing/pricing.ts'
import {
  removeRental,
  RENTAL_BILLED,
  saveInstrument,
  saveRental,
} from '../../db/services/billing/rentals.ts'
import { setFamilySituation } from '../../db/services/billing/situation.ts'
import {
  removeBracket,
  saveBracket,
  saveTariff,
  setTariffPrice,
} from '../../db/services/billing/tariffs-edit.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, type World } from '../support/pedagogy.ts'

// The tariffs' services on a real SQLite file (the pedagogy World: ABOLANT, 2025/2026), and the
// contract with the invoicing part: priceFamily's lines issued as they are by issueInvoice.

const open = freshDatabases('portee-tariffs-')
let w: World
let actor: BillingActor
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-tariffs-data-'))

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

beforeEach(async () => {
  w = await buildWorld(open())
  actor = { staffUserId: 1, clientIp: '127.0.0.1', clock: w.clock }
})

const situation = (quotientFamilial: number | null, appliesFrom: string) =>
  w.run((trx) =>
    setFamilySituation(trx, actor, {
      familyId: w.families.abolant,
      quotientFamilial,
      residence: 'commune',
      appliesFrom,
      proofName: 'Attestation CAF',
      dataDir,
    }),
  )

describe('the brackets', () => {
  it('start at 0 €, one per bound; the one at 0 € stays while others exist', async () => {
    const save = (label: string, lowerBoundEuros: number) =>
      w.run((trx) =>
        saveBracket(trx, actor, { schoolYearId: w.years.y2025, label, lowerBoundEuros }),
      )
    await expect(save('Tranche B', 600)).rejects.toMatchObject({
      details: { lowerBound: M.firstBracketAtZero },
    })
    const a = await save('Tranche A', 0)
    await save('Tranche B', 600)
    await expect(save('Tranche B bis', 600)).rejects.toMatchObject({
      details: { lowerBound: M.boundTaken },
    })
    await expect(w.run((trx) => removeBracket(trx, actor, a.id))).rejects.toMatchObject({
      details: { lowerBound: M.firstBracketAtZero },
    })
    const audit = await w.db('audit_log').where({ action: 'staff.bracket_saved' }).count({ n: '*' })
    expect(audit[0]?.n).toBe(2)
  })
})

describe('the family’s situation', () => {
  it('keeps every change; the record takes the one of the latest day', async () => {
    await situation(800, '2025-09-01')
    await situation(500, '2025-06-01') // an older proof, given late: history only
    const family = await w.db('families').where({ id: w.families.abolant }).first()
    expect(family).toMatchObject({ quotient_familial: 800, residence: 'commune' })
    expect(await w.db('family_situations').count({ n: '*' })).toEqual([{ n: 2 }])
    await situation(null, '2026-01-01')
    expect(
      (await w.db('families').where({ id: w.families.abolant }).first()).quotient_familial,
    ).toBeNull()
  })

  it('refuses a bad date or a quotient below 0', async () => {
    await expect(situation(800, '31/02/2026')).rejects.toMatchObject({
      details: { appliesFrom: M.badDate },
    })
    await expect(situation(-1, '2025-09-01')).rejects.toMatchObject({
      details: { quotient: M.badQuotient },
    })
  })
})

describe('priceFamily’s lines on an invoice', () => {
  it('are issued as they are, and a billed rental is never removed', async () => {
    const y = w.years.y2025
    const { id: bracketId } = await w.run((trx) =>
      saveBracket(trx, actor, { schoolYearId: y, label: 'Tranche A', lowerBoundEuros: 0 }),
    )
    const { id: tariffId } = await w.run((trx) =>
      saveTariff(trx, actor, {
        schoolYearId: y,
        target: 'discipline',
        disciplineId: w.disciplines.trompette,
        proRata: true,
      }),
    )
    await w.run((trx) =>
      setTariffPrice(trx, actor, {
        tariffId,
        bracketId,
        residence: 'commune',
        amountCents: 24_000,
      }),
    )
    await situation(300, '2025-09-01')
    await w.db('enrolments').insert({
      pupil_id: w.pupils.adrien,
      course_id: w.courses.trompette,
      starts_on: '2025-09-01',
      created_at: '2025-09-01T08:00:00.000Z',
      updated_at: '2025-09-01T08:00:00.000Z',
    })
    const { id: instrumentId } = await w.run((trx) =>
      saveInstrument(trx, actor, { name: 'Trompette', inventoryNumber: 'INV-1' }),
    )
    const rental = {
      familyId: w.families.abolant,
      instrumentId,
      pupilId: w.pupils.adrien,
      schoolYearId: y,
      startsOn: '01/09/2025',
      endsOn: null,
      priceCents: 9_000,
      depositCents: 0,
    }
    const { id: rentalId } = await w.run((trx) => saveRental(trx, actor, rental))
    await expect(
      w.run((trx) => saveRental(trx, actor, { ...rental, startsOn: '2025-08-01' })),
    ).rejects.toMatchObject({ details: { startsOn: M.outsideYear } })
    const pricing = await w.run((trx) =>
      priceFamily(trx, { familyId: w.families.abolant, schoolYearId: y, period: 'annee' }),
    )
    const invoice = await w.run((trx) =>
      issueInvoice(
        trx,
        {
          familyId: w.families.abolant,
          schoolYearId: y,
          period: 'annee',
          lines: [...pricing.cotisations, ...pricing.locations],
          instalments: 1,
        },
        actor,
      ),
    )
    expect(invoice.totalCents).toBe(33_000)
    const lines = await w.db('invoice_lines').where({ invoice_id: invoice.id }).orderBy('position')
    expect(lines.map((l) => [l.category, l.rule, l.amount_cents, l.rental_id])).toEqual([
      ['cotisation', 'Tranche A (QF à partir de 0 €), commune : 240,00 €', 24_000, null],
      ['location', 'Location 2025/2026 : 90,00 €', 9_000, rentalId],
    ])
    await expect(
      w.run((trx) => removeRental(trx, actor, { familyId: w.families.abolant, rentalId })),
    ).rejects.toMatchObject({ message: RENTAL_BILLED })
  })
})
