// « Relancer les familles »: a mail, through the outbox, to every guardian who can be reached (an
// e-mail, an access they may use: see activeGuardians) of the families with at least one pupil who
// has not answered yet. One transaction: every mail, or none. Sets the campaign's last reminder.
import { isoNow, type Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import {
  compose,
  greeting,
  type Mail,
  type MailGuardian,
  type MailSite,
} from '../../mail-templates.ts'
import { CAMPAIGN_MESSAGES as C, parisDateTimeLabel } from '../../rules/campaigns.ts'
import { activeGuardians } from '../access.ts'
import { audit, type PedagogyActor } from '../pedagogy/common.ts'
import { enqueueMails } from '../outbox.ts'
import type { SiteScope } from '../staff-scope.ts'
import { campaignInScope } from './campaigns.ts'
import { phaseOf, type Campaign } from './common.ts'
import { concernedPupils, withStatus } from './dashboard.ts'

export interface ReminderResult {
  /** Families with a pupil who has not answered yet. */
  families: number
  /** Mails written into the outbox. */
  mails: number
  /** Families of which no guardian could be reached (no e-mail, no access). */
  unreachable: number
  lastReminderAt: string
}

export interface ReminderSteps {
  started(): void
  progress(done: number, total: number): Promise<void>
}

/** The reminder mail: the closing date, the pupils waited for, and how to re-enrol (the seeds' words). */
export function reminderMail(input: {
  site: MailSite
  guardian: MailGuardian
  login: string | null
  schoolYear: string
  closesAt: string
  pupils: string[]
  portalUrl: string
}): Mail {
  const who = input.login
    ? `site « ${input.site.name} », identifiant « ${input.login} »`
    : `site « ${input.site.name} »`
  return compose(
    input.site,
    `Réinscription ${input.schoolYear} — ${input.site.name}`,
    [
      `${greeting(input.guardian)}\n\nLa réinscription en ligne pour l’année scolaire ${input.schoolYear} est ouverte jusqu’au ${parisDateTimeLabel(input.closesAt)}. Nous n’avons pas encore reçu la réinscription de : ${input.pupils.join(', ')}.`,
      `Pour réinscrire, connectez-vous au portail des familles (${who}), menu « Élèves », onglet « Réinscription ». Cochez la case « Réinscription » en face de chaque cours à poursuivre, ou « Réinscription administrative » pour changer de cursus ou de discipline, importez les pièces à fournir, puis cliquez sur « Valider ».`,
      `N’oubliez pas de valider vos enregistrements : si plusieurs élèves, valider pour chacun. Un accusé de réception vous sera automatiquement envoyé.`,
    ],
    { label: 'Se connecter au portail des familles', url: input.portalUrl },
  )
}

/** The pupils who have not answered yet, by family: « ABOLANT Adrien ». */
async function waitedFor(trx: Trx, campaign: Campaign): Promise<Map<number, string[]>> {
  const rows = await concernedPupils(trx, campaign)
    .modify((q) => withStatus(q, 'non_commencee'))
    .orderBy([{ column: 'f.id' }, { column: 'p.last_name' }, { column: 'p.first_name' }])
    .select<{ family_id: number; last_name: string; first_name: string }[]>(
      'f.id as family_id',
      'p.last_name',
      'p.first_name',
    )
  const byFamily = new Map<number, string[]>()
  for (const r of rows) {
    const names = byFamily.get(r.family_id) ?? []
    names.push(`${r.last_name} ${r.first_name}`.trim())
    byFamily.set(r.family_id, names)
  }
  return byFamily
}

interface GuardianRow {
  id: number
  family_id: number
  civility: string
  last_name: string
  first_name: string
  email: string
  login: string | null
  site_name: string
  legal_name: string
}

/** The guardians a mail reaches, of the families of the campaign that have not all answered. */
function reachableGuardians(trx: Trx, campaign: Campaign): Promise<GuardianRow[]> {
  const families = concernedPupils(trx, campaign)
    .modify((q) => withStatus(q, 'non_commencee'))
    .select('f.id')
  return activeGuardians(trx)
    .whereIn('guardians.family_id', families)
    .whereRaw("trim(guardians.email) <> ''")
    .orderBy([{ column: 'guardians.family_id' }, { column: 'guardians.rank' }])
    .select<GuardianRow[]>(
      'guardians.id',
      'guardians.family_id',
      'guardians.civility',
      'guardians.last_name',
      'guardians.first_name',
      'guardians.email',
      'guardians.login',
      'sites.name as site_name',
      'sites.legal_name',
    )
}

/** Writes the reminders of an open campaign; `steps` tell how far it is. */
export async function sendReminders(
  trx: Trx,
  input: { id: number; siteIds: SiteScope; publicUrl: string } & Partial<ReminderSteps>,
  actor: PedagogyActor,
): Promise<ReminderResult> {
  const campaign = await campaignInScope(trx, input.siteIds, input.id)
  if (phaseOf(campaign, actor.clock.now()) !== 'ouverte')
    throw new DomainError('CONFLICT', C.reminderNotOpen)
  const pupils = await waitedFor(trx, campaign)
  const guardians = await reachableGuardians(trx, campaign)
  input.started?.()
  const reached = new Set<number>()
  const BATCH = 500
  for (let from = 0; from < guardians.length; from += BATCH) {
    const batch = guardians.slice(from, from + BATCH)
    await enqueueMails(
      trx,
      batch.map((g) => {
        reached.add(g.family_id)
        return {
          kind: 'reenrolment_reminder',
          to: g.email.trim(),
          siteId: campaign.siteId,
          guardianId: g.id,
          clock: actor.clock,
          mail: reminderMail({
            site: { name: g.site_name, legalName: g.legal_name },
            guardian: { civility: g.civility, lastName: g.last_name, firstName: g.first_name },
            login: g.login,
            schoolYear: campaign.schoolYearLabel,
            closesAt: campaign.closesAt,
            pupils: pupils.get(g.family_id) ?? [],
            portalUrl: input.publicUrl,
          }),
        }
      }),
    )
    await input.progress?.(from + batch.length, guardians.length)
  }
  return finish(trx, campaign, { families: pupils.size, mails: guardians.length, reached }, actor)
}

async function finish(
  trx: Trx,
  campaign: Campaign,
  sent: { families: number; mails: number; reached: Set<number> },
  actor: PedagogyActor & { clock: Clock },
): Promise<ReminderResult> {
  const at = isoNow(actor.clock)
  await trx('reenrolment_campaigns')
    .where({ id: campaign.id })
    .update({ last_reminder_at: at, updated_at: at })
  const result: ReminderResult = {
    families: sent.families,
    mails: sent.mails,
    unreachable: sent.families - sent.reached.size,
    lastReminderAt: at,
  }
  const entity = { type: 'reenrolment_campaign', id: campaign.id }
  await audit(trx, actor, 'reenrolment.campaign_reminded', entity, { ...result })
  return result
}
