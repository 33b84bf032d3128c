// The mails of the staff review to the family: a document refused (with the reason, and that they
// can give another one in the Réinscription tab), the réinscription validated (next year's
// courses), the réinscription refused (with the reason). Each goes to every guardian of the family
// who may use the extranet and has an e-mail address, through the outbox, in the transaction of
// the decision.
import type { Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { ofName } from '../../rules/text.ts'
import {
  compose,
  greeting,
  type Mail,
  type MailGuardian,
  type MailSite,
} from '../../mail-templates.ts'
import { activeGuardians } from '../access.ts'
import { enqueueMail } from '../outbox.ts'

interface Recipient {
  id: number
  email: string
  guardian: MailGuardian
}

/** The family's guardians who may use the extranet and have an address, one mail per address. */
async function recipients(trx: Trx, familyId: number): Promise<Recipient[]> {
  const rows = await activeGuardians(trx)
    .where('guardians.family_id', familyId)
    .whereRaw("trim(guardians.email) <> ''")
    .orderBy('guardians.rank')
    .select<
      { id: number; email: string; civility: string; last_name: string; first_name: string }[]
    >(
      'guardians.id',
      'guardians.email',
      'guardians.civility',
      'guardians.last_name',
      'guardians.first_name',
    )
  const seen = new Set<string>()
  return rows.flatMap((r) => {
    const email = r.email.trim()
    if (seen.has(email.toLowerCase())) return []
    seen.add(email.toLowerCase())
    const guardian = { civility: r.civility, lastName: r.last_name, firstName: r.first_name }
    return [{ id: r.id, email, guardian }]
  })
}

export interface ReviewMailContext {
  familyId: number
  siteId: number
  pupilName: string
  schoolYear: string
  clock: Clock
}

async function siteOf(trx: Trx, siteId: number): Promise<MailSite> {
  const site = await trx('sites')
    .where({ id: siteId })
    .first<{ name: string; legal_name: string }>('name', 'legal_name')
  return { name: site.name, legalName: site.legal_name }
}

/** Writes one mail per recipient; how many. */
async function send(
  trx: Trx,
  kind: string,
  context: ReviewMailContext,
  write: (site: MailSite, guardian: MailGuardian) => Mail,
): Promise<number> {
  const site = await siteOf(trx, context.siteId)
  const to = await recipients(trx, context.familyId)
  for (const r of to) {
    await enqueueMail(trx, {
      kind,
      to: r.email,
      siteId: context.siteId,
      guardianId: r.id,
      clock: context.clock,
      mail: write(site, r.guardian),
    })
  }
  return to.length
}

export function mailDocumentRefused(
  trx: Trx,
  context: ReviewMailContext,
  piece: string,
  reason: string,
): Promise<number> {
  return send(trx, 'reenrolment_document_refused', context, (site, guardian) =>
    compose(
      site,
      `Réinscription ${ofName(context.pupilName)} : un document est refusé — ${site.name}`,
      [
        `${greeting(guardian)}\n\nLe conservatoire a refusé le document transmis pour la pièce « ${piece} » de la réinscription ${ofName(context.pupilName)} (année ${context.schoolYear}).`,
        `Raison : ${reason}`,
        `Vous pouvez le remplacer dans l’onglet « Réinscription » de l’élève, sur le portail des familles (Élèves → Réinscription → Pièces à fournir → Importer).`,
      ],
    ),
  )
}

export function mailReenrolmentValidated(
  trx: Trx,
  context: ReviewMailContext,
  courses: readonly string[],
  leftForStaff: boolean,
): Promise<number> {
  const list = courses.length
    ? `Cours de l’année ${context.schoolYear} :\n${courses.map((c) => `- ${c}`).join('\n')}`
    : `Aucun cours n’a été créé pour l’année ${context.schoolYear} à partir de votre demande.`
  const paragraphs = [list]
  if (leftForStaff)
    paragraphs.push(
      `Votre demande de réinscription administrative et votre commentaire sont pris en compte : le secrétariat placera ${context.pupilName} dans les cours qui conviennent.`,
    )
  return send(trx, 'reenrolment_validated', context, (site, guardian) =>
    compose(site, `Réinscription ${ofName(context.pupilName)} validée — ${site.name}`, [
      `${greeting(guardian)}\n\nLe conservatoire a validé la réinscription ${ofName(context.pupilName)} pour l’année ${context.schoolYear}.`,
      ...paragraphs,
    ]),
  )
}

export function mailReenrolmentRefused(
  trx: Trx,
  context: ReviewMailContext,
  reason: string,
): Promise<number> {
  return send(trx, 'reenrolment_refused', context, (site, guardian) =>
    compose(site, `Réinscription ${ofName(context.pupilName)} refusée — ${site.name}`, [
      `${greeting(guardian)}\n\nLe conservatoire n’a pas pu valider la réinscription ${ofName(context.pupilName)} pour l’année ${context.schoolYear}.`,
      `Raison : ${reason}`,
      'Pour toute question, contactez le secrétariat du conservatoire.',
    ]),
  )
}
