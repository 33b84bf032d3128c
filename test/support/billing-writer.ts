// A second writer for the numbering test: a process of its own, with its own connection to the
// test's database file, issuing `count` invoices each in its own transaction (one in four fails
// after taking its number; a transaction refused because the other process wrote first —
// SQLITE_BUSY — is tried again). Prints what it issued as JSON.
import { openDatabase } from '../../db/connection.ts'
import { issueInvoice } from '../../db/services/billing/invoices.ts'
import { FixedClock } from './pedagogy.ts'

const [file = '', count = '0', familyId = '1', schoolYearId = '1'] = process.argv.slice(2)
const db = openDatabase(file)
const actor = {
  staffUserId: 1,
  clientIp: '127.0.0.1',
  clock: new FixedClock('2025-10-15T10:00:00Z'),
}
const issued: string[] = []
let failed = 0
let retried = 0
for (let i = 0; i < Number(count); i += 1) {
  for (;;) {
    try {
      const number = await db.transaction(async (trx) => {
        const invoice = await issueInvoice(
          trx,
          {
            familyId: Number(familyId),
            schoolYearId: Number(schoolYearId),
            period: 'annee',
            lines: [{ category: 'cotisation', label: `Cours ${i}`, amountCents: 1000 + i }],
            instalments: 3,
          },
          actor,
        )
        if (i % 4 === 3) throw new Error('échec voulu')
        return invoice.number
      })
      issued.push(number)
      break
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        retried += 1
        continue
      }
      failed += 1
      break
    }
  }
}
await db.destroy()
process.stdout.write(JSON.stringify({ issued, failed, retried }))
