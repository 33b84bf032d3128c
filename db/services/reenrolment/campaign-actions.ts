// The quick actions on a campaign (« Ouvrir maintenant », « Prolonger », « Fermer maintenant »)
// and what the campaign's form offers. Audited as the rest.
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { CAMPAIGN_MESSAGES as C } from '../../rules/campaigns.ts'
import { audit, fieldError, refuse, type PedagogyActor } from '../pedagogy/common.ts'
import { currentSchoolYear } from '../pedagogy/school-years.ts'
import type { SiteScope } from '../staff-scope.ts'
import { campaignInScope, instant, refuseOverlap } from './campaigns.ts'
import { phaseOf } from './common.ts'

export type QuickAction =
  | { action: 'open' }
  | { action: 'close' }
  | { action: 'extend'; closesOn: string; closesTime: string }

/** A quick action on the campaign `id`, by a staff member of those sites. */
export type QuickInput = QuickAction & { id: number; siteIds: SiteScope }

/** « Ouvrir maintenant », « Prolonger », « Fermer maintenant ». */
export async function runQuickAction(
  trx: Trx,
  input: QuickInput,
  actor: PedagogyActor,
): Promise<void> {
  const campaign = await campaignInScope(trx, input.siteIds, input.id)
  const now = actor.clock.now()
  const at = now.toISOString()
  const phase = phaseOf(campaign, now)
  let change: { opens_at?: string; closes_at?: string }
  if (input.action === 'open') {
    if (phase === 'ouverte') throw new DomainError('CONFLICT', C.alreadyOpen)
    if (phase === 'fermee') throw new DomainError('CONFLICT', C.reopenByExtending)
    change = { opens_at: at }
  } else if (input.action === 'close') {
    if (phase === 'fermee') throw new DomainError('CONFLICT', C.alreadyClosed)
    if (phase === 'preparee') throw new DomainError('CONFLICT', C.notOpenYet)
    change = { closes_at: at }
  } else {
    const errors: Record<string, string> = {}
    const closesAt = instant(errors, ['closesOn', 'closesTime'], input.closesOn, input.closesTime)
    if (!closesAt) throw fieldError(errors)
    if (closesAt <= campaign.closesAt) throw refuse('VALIDATION', 'closesOn', C.extendLater)
    if (closesAt <= at) throw refuse('VALIDATION', 'closesOn', C.extendFuture)
    change = { closes_at: closesAt }
  }
  if (input.action !== 'close') {
    // Opened now or extended: not over another campaign of the site (closing always may).
    const period = { opens_at: campaign.opensAt, closes_at: campaign.closesAt, ...change }
    // Said under « Fermeture » of « Prolonger »'s dialog.
    const field = input.action === 'extend' ? 'closesOn' : 'opensOn'
    await refuseOverlap(trx, { site_id: campaign.siteId, ...period }, campaign.id, field)
  }
  await trx('reenrolment_campaigns')
    .where({ id: campaign.id })
    .update({ ...change, updated_at: at })
  await audit(
    trx,
    actor,
    `reenrolment.campaign_${input.action}`,
    { type: 'reenrolment_campaign', id: campaign.id },
    {
      before: { opensAt: campaign.opensAt, closesAt: campaign.closesAt },
      ...(change.opens_at ? { opensAt: change.opens_at } : {}),
      ...(change.closes_at ? { closesAt: change.closes_at } : {}),
    },
  )
}

/** What the campaign form offers: the staff member's sites, the years after the current one. */
export async function campaignFormOptions(trx: Trx, siteIds: SiteScope) {
  const sites = await trx('sites')
    .where({ active: true })
    .modify((q) => {
      if (siteIds !== null) void q.whereIn('id', [...siteIds])
    })
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .select<{ id: number; name: string }[]>('id', 'name')
  const current = await currentSchoolYear(trx)
  const schoolYears = await trx('school_years')
    .where('starts_on', '>', current?.startsOn ?? '9999')
    .orderBy('starts_on')
    .select<{ id: number; label: string }[]>('id', 'label')
  const departments = await trx('departments')
    .whereNull('archived_at')
    .orderBy('name')
    .select<{ id: number; name: string }[]>('id', 'name')
  const cursus = await trx('cursus')
    .whereNull('archived_at')
    .orderBy('name')
    .select<{ id: number; name: string }[]>('id', 'name')
  return { sites, schoolYears, departments, cursus }
}
