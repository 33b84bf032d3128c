// Paramètres → Facturation: how the conservatoire bills (Trésor Public or régie), the invoices'
// title, rentals on their own invoices, PayFiP's client number and mode, the SEPA creditor.
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools'
import { isoNow, type Clock } from '../../../clock.ts'
import type { Trx } from '../../../connection.ts'
import { DomainError } from '../../../errors.ts'
import { BILLING_MODES, DEFAULT_INVOICE_TITLE, type BillingMode } from '../../../rules/billing.ts'
import {
  NUMCLI_PATTERN,
  PAYFIP_MESSAGES as M,
  PAYFIP_SAISIES,
  type PayfipSaisie,
} from '../../../rules/payfip.ts'
import { recordAudit } from '../../audit.ts'

export interface BillingSettingsInput {
  mode: BillingMode
  invoiceTitle: string
  separateRentals: boolean
  payfipNumcli: string
  payfipSaisie: PayfipSaisie
  sepaCreditorId: string
  sepaCreditorName: string
  sepaCreditorIban: string
  sepaCreditorBic: string
}

interface SettingsRow {
  mode: BillingMode
  invoice_title: string
  separate_rentals: number | boolean
  payfip_numcli: string
  payfip_saisie: PayfipSaisie
  sepa_creditor_id: string
  sepa_creditor_name: string
  sepa_creditor_iban: string
  sepa_creditor_bic: string
}

/** The settings as saved, or the defaults (a régie, « FACTURE », PayFiP closed, no creditor). */
export async function readBillingSettings(trx: Trx): Promise<BillingSettingsInput> {
  const row = await trx('billing_settings').where({ id: 1 }).first<SettingsRow | undefined>()
  if (!row)
    return {
      mode: 'regie',
      invoiceTitle: DEFAULT_INVOICE_TITLE.regie,
      separateRentals: true,
      payfipNumcli: '',
      payfipSaisie: 'T',
      sepaCreditorId: '',
      sepaCreditorName: '',
      sepaCreditorIban: '',
      sepaCreditorBic: '',
    }
  return {
    mode: row.mode,
    invoiceTitle: row.invoice_title,
    separateRentals: Boolean(row.separate_rentals),
    payfipNumcli: row.payfip_numcli,
    payfipSaisie: row.payfip_saisie,
    sepaCreditorId: row.sepa_creditor_id,
    sepaCreditorName: row.sepa_creditor_name,
    sepaCreditorIban: row.sepa_creditor_iban,
    sepaCreditorBic: row.sepa_creditor_bic,
  }
}

/** The ICS (identifiant créancier SEPA): country, check digits, business code, national id. */
const ICS_PATTERN = /^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/

function cleaned(input: BillingSettingsInput): BillingSettingsInput {
  const iban = input.sepaCreditorIban.trim()
  return {
    ...input,
    invoiceTitle: input.invoiceTitle.trim(),
    payfipNumcli: input.payfipNumcli.trim(),
    sepaCreditorId: input.sepaCreditorId.replace(/\s/g, '').toUpperCase(),
    sepaCreditorName: input.sepaCreditorName.trim(),
    sepaCreditorIban: iban ? (electronicFormatIBAN(iban) ?? iban) : '',
    sepaCreditorBic: input.sepaCreditorBic.replace(/\s/g, '').toUpperCase(),
  }
}

function check(s: BillingSettingsInput): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!BILLING_MODES.includes(s.mode)) errors['mode'] = 'Choisissez le mode de facturation.'
  if (!s.invoiceTitle) errors['invoiceTitle'] = M.titleRequired
  if (s.payfipNumcli && !NUMCLI_PATTERN.test(s.payfipNumcli)) errors['payfipNumcli'] = M.badNumcli
  if (!PAYFIP_SAISIES.includes(s.payfipSaisie)) errors['payfipSaisie'] = M.badSaisie
  if (s.sepaCreditorId && !ICS_PATTERN.test(s.sepaCreditorId)) errors['sepaCreditorId'] = M.badIcs
  if (s.sepaCreditorIban && !isValidIBAN(s.sepaCreditorIban)) errors['sepaCreditorIban'] = M.badIban
  if (s.sepaCreditorBic && !isValidBIC(s.sepaCreditorBic)) errors['sepaCreditorBic'] = M.badBic
  return errors
}

/** Saves the settings (checked: numcli of 6 digits, IBAN and BIC with ibantools), audited. */
export async function saveBillingSettings(
  trx: Trx,
  input: BillingSettingsInput,
  actor: { staffUserId: number; clientIp: string; clock: Clock },
): Promise<BillingSettingsInput> {
  const s = cleaned(input)
  const errors = check(s)
  const [first] = Object.values(errors)
  if (first) throw new DomainError('VALIDATION', first, errors)
  const row = {
    mode: s.mode,
    invoice_title: s.invoiceTitle,
    separate_rentals: s.separateRentals,
    payfip_numcli: s.payfipNumcli,
    payfip_saisie: s.payfipSaisie,
    sepa_creditor_id: s.sepaCreditorId,
    sepa_creditor_name: s.sepaCreditorName,
    sepa_creditor_iban: s.sepaCreditorIban,
    sepa_creditor_bic: s.sepaCreditorBic,
    updated_at: isoNow(actor.clock),
  }
  await trx('billing_settings')
    .insert({ id: 1, ...row })
    .onConflict('id')
    .merge()
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action: 'billing_settings.save',
    entityType: 'billing_settings',
    entityId: 1,
    clientIp: actor.clientIp,
    details: { mode: s.mode, payfipNumcli: s.payfipNumcli, payfipSaisie: s.payfipSaisie },
  })
  return readBillingSettings(trx)
}
