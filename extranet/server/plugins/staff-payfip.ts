import type { Plugin } from '@hapi/hapi'
import Joi from 'joi'
import { BILLING_MODES } from '../../../db/rules/billing.ts'
import { PAYFIP_SAISIES } from '../../../db/rules/payfip.ts'
import { CAN } from '../../../db/rules/roles.ts'
import {
  readBillingSettings,
  saveBillingSettings,
} from '../../../db/services/billing/payfip/settings.ts'
import type { BillingSettingsView } from '../../api/payfip-types.ts'
import { allow, read, route, staffActor, write } from '../context.ts'

const text = (max: number) => Joi.string().trim().allow('').max(max).required()

const billingSettings = Joi.object({
  mode: Joi.string()
    .valid(...BILLING_MODES)
    .required(),
  invoiceTitle: Joi.string().trim().allow('').max(60).required(),
  separateRentals: Joi.boolean().required(),
  payfipNumcli: text(6),
  payfipSaisie: Joi.string()
    .valid(...PAYFIP_SAISIES)
    .required(),
  sepaCreditorId: text(35),
  sepaCreditorName: text(70),
  sepaCreditorIban: text(42),
  sepaCreditorBic: text(11),
})

/** Paramètres → Facturation: billing mode, invoices' title, rentals, PayFiP, SEPA creditor. */
export const staffPayfipApi: Plugin<void> = {
  name: 'portee-staff-payfip-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/staff/billing-settings',
        options: { auth: allow(CAN.settings) },
        handler: (request): Promise<BillingSettingsView> => read(request, readBillingSettings),
      },
      route<{ Payload: BillingSettingsView }>({
        method: 'PUT',
        path: '/api/staff/billing-settings',
        options: { auth: allow(CAN.settings), validate: { payload: billingSettings } },
        async handler(request): Promise<BillingSettingsView> {
          const actor = staffActor(request)
          return write(request, (trx) => saveBillingSettings(trx, request.payload, actor))
        },
      }),
    ])
  },
}
