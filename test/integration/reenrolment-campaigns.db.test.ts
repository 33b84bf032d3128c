import { beforeEach, describe, expect, it } from 'vitest'
import { DomainError } from '../../db/errors.ts'
import { CAMPAIGN_MESSAGES as C } from '../../db/rules/campaigns.ts'
import { saveCourse } from '../../db/services/pedagogy/courses.ts'
import { enrolPupil } from '../../db/services/pedagogy/enrolments.ts'
import { runQuickAction, type QuickAction } from '../../db/services/reenrolment/campaign-actions.ts'
import type { PieceInput } from '../../db/services/reenrolment/campaign-pieces.ts'
import {
  campaignExportRows,
  campaignPupils,
} from '../../db/services/reenrolment/campaign-pupils.ts'
import {
  campaignDetail,
  listCampaigns,
  saveCampaign,
  type CampaignInput,
} from '../../db/services/reenrolment/campaigns.ts'
import { getCampaign, type Campaign } from '../../db/services/reenrolment/common.ts'
import { campaignDashboard } from '../../db/services/reenrolment/dashboard.ts'
import { sendReminders } from '../../db/services/reenrolment/reminders.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, countStatements, courseInput, type World } from '../support/pedagogy.ts'
import { nextYear } from '../support/reenrolment.ts'

// The services of the campaigns on the pedagogy World (ABOLANT Adrien and Léa on the
// Conservatoire, TORRICE Emilie on the Antenne), with requests and documents written straight
// into the tables as the family's part would: the dashboard's counts per state and department,
// the export's lines, the reminders, the rule of the pièces (archived once documents were given).

const freshDb = freshDatabases('portee-campaigns-')
let w: World
let next: number

const T = '2026-05-02T08:00:00.000Z'
const IDENTITY = 'justif. d’identité de l’élève majeur ou du responsable légal - pour un mineur'
const DANCE = 'certificat médical d’aptitude (Parcours Danse uniquement)'

beforeEach(async () => {
  w = await buildWorld(freshDb())
  next = await nextYear(w)
})

function input(pieces: PieceInput[] = [], over: Partial<CampaignInput> = {}): CampaignInput {
  return {
    siteId: 1,
    schoolYearId: next,
    opensOn: '01/05/2026',
    opensTime: '09:00',
    closesOn: '30/06/2026',
    closesTime: '18:00',
    message: 'La réinscription est ouverte.',
    pieces,
    ...over,
  }
}

const save = (campaign: CampaignInput, id?: number) =>
  w.run((trx) => saveCampaign(trx, { ...campaign, id, siteIds: null }, w.actor))

async function campaignOf(id: number): Promise<Campaign> {
  const campaign = await w.run((trx) => getCampaign(trx, id))
  if (!campaign) throw new Error('no campaign')
  return campaign
}

async function request(
  campaignId: number,
  pupilId: number,
  status: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const [row] = await w
    .db('reenrolment_requests')
    .insert({
      campaign_id: campaignId,
      pupil_id: pupilId,
      family_id: pupilId === w.pupils.emilie ? w.families.torrice : w.families.abolant,
      status,
      submitted_at: status === 'brouillon' ? null : T,
      created_at: T,
      updated_at: T,
      ...extra,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('no request')
  return row.id
}

let storedNames = 0
async function document(requestId: number, pupilId: number, pieceId: number, state = 'fourni') {
  storedNames += 1
  await w.db('reenrolment_documents').insert({
    request_id: requestId,
    piece_id: pieceId,
    pupil_id: pupilId,
    family_id: w.families.abolant,
    file_name: 'identite.pdf',
    stored_name: `${String(storedNames).padStart(32, '0')}.pdf`,
    mime_type: 'application/pdf',
    size_bytes: 1000,
    sha256: 'a'.repeat(64),
    uploaded_at: T,
    state,
  })
}

/**
 * The Conservatoire's pupils: Adrien (Musique: cursus diplômant, trompette), Léa (no course),
 * Zoé (Danse), Tom (archived: never counted). Emilie is of the Antenne.
 */
async function pupilsOfTheConservatoire() {
  const [zoe, tom] = [4, 5]
  await w.db('pupils').insert([
    {
      id: zoe,
      family_id: 1,
      last_name: 'ABOLANT',
      first_name: 'Zoé',
      created_at: T,
      updated_at: T,
    },
    {
      id: tom,
      family_id: 1,
      last_name: 'ABOLANT',
      first_name: 'Tom',
      archived_at: T,
      created_at: T,
      updated_at: T,
    },
  ])
  const enrol = (pupilId: number, courseId: number, more: Record<string, unknown> = {}) =>
    w.run((trx) =>
      enrolPupil(trx, { pupilId, courseId, schoolYearId: w.years.y2025, ...more }, w.actor),
    )
  const formation = await enrol(w.pupils.adrien, w.courses.formation, {
    cursusId: w.cursus.diplomant,
    cycleId: w.cycles['3C3'],
  })
  await enrol(w.pupils.adrien, w.courses.trompette)
  const danse = await w.run(
    async (trx) =>
      (
        await saveCourse(
          trx,
          courseInput(w, { disciplineId: w.disciplines.classique, label: 'Danse enfants' }),
          w.actor,
        )
      ).id,
  )
  await enrol(zoe, danse, { cursusId: w.cursus.danseHors, cycleId: w.cycles['Danse Ad'] })
  return { zoe, tom, formation: formation.enrolmentId }
}

describe('the dashboard of a campaign', () => {
  it('counts the pupils per state and per department, in a few statements', async () => {
    const { id } = await save(input())
    const { zoe, tom } = await pupilsOfTheConservatoire()
    await request(id, w.pupils.adrien, 'envoyee')
    const draft = await request(id, w.pupils.lea, 'brouillon')
    await request(id, zoe, 'validee')
    await request(id, tom, 'refusee')
    await request(id, w.pupils.emilie, 'refusee') // another site's pupil: not of this campaign

    const campaign = await campaignOf(id)
    let dashboard = await w.run((trx) => campaignDashboard(trx, campaign))
    const statements = await countStatements(w.db, async () => {
      dashboard = await w.run((trx) => campaignDashboard(trx, campaign))
    })
    expect(statements).toBeLessThanOrEqual(8)
    expect(dashboard.counts).toEqual({
      total: 3,
      non_commencee: 1,
      envoyee: 1,
      validee: 1,
      refusee: 0,
    })
    const one = (status: string) => ({
      total: 1,
      non_commencee: 0,
      envoyee: 0,
      validee: 0,
      refusee: 0,
      [status]: 1,
    })
    expect(dashboard.departments).toEqual([
      { departmentId: w.departments.danse, name: 'Danse', counts: one('validee') },
      { departmentId: w.departments.musique, name: 'Musique', counts: one('envoyee') },
      { departmentId: null, name: 'Sans cours', counts: one('non_commencee') },
    ])
    expect(dashboard.familiesNotAnswered).toBe(1)

    // The list of campaigns says the same; who has not answered yet: Léa (her draft's id).
    const [summary] = await w.run((trx) => listCampaigns(trx, null, w.clock.now()))
    expect(summary?.counts).toEqual(dashboard.counts)
    const waiting = await w.run((trx) =>
      campaignPupils(trx, campaign, { status: 'non_commencee', page: 1, pageSize: 25 }),
    )
    expect(waiting).toEqual({
      total: 1,
      items: [
        {
          pupilId: w.pupils.lea,
          familyId: w.families.abolant,
          familyName: 'ABOLANT',
          lastName: 'ABOLANT',
          firstName: 'Léa',
          status: 'non_commencee',
          requestId: draft,
          submittedAt: null,
        },
      ],
    })
    const all = await w.run((trx) => campaignPupils(trx, campaign, { page: 1, pageSize: 2 }))
    expect(all.total).toBe(3)
    expect(all.items.map((p) => p.firstName)).toEqual(['Adrien', 'Léa'])
  })

  it('exports one line per pupil with the courses ticked, the comment and the pièces', async () => {
    const pieces: PieceInput[] = [
      { name: IDENTITY, required: true, appliesTo: 'tous' },
      { name: DANCE, required: true, appliesTo: 'departement', departmentId: w.departments.danse },
    ]
    const { id } = await save(input(pieces))
    const { zoe, formation } = await pupilsOfTheConservatoire()
    const [identity, dance] = (
      await w.run((trx) => campaignDetail(trx, null, id, w.clock.now()))
    ).pieces.map((p) => p.id)
    const adrien = await request(id, w.pupils.adrien, 'envoyee', {
      administrative: true,
      comment: 'Je souhaite aussi la formation musicale.',
    })
    await w
      .db('reenrolment_lines')
      .insert({ request_id: adrien, enrolment_id: formation, reenrol: true })
    await document(adrien, w.pupils.adrien, identity ?? 0)
    const zoes = await request(id, zoe, 'validee')
    await document(zoes, zoe, dance ?? 0, 'refuse')
    await w
      .db('reenrolment_documents')
      .where({ request_id: zoes })
      .update({ refusal_reason: 'illisible' })

    const campaign = await campaignOf(id)
    const rows = await w.run((trx) => campaignExportRows(trx, campaign))
    expect(rows).toEqual([
      [
        'ABOLANT',
        'ABOLANT Adrien',
        'En attente de validation',
        '02/05/2026',
        'Oui',
        'Musique cursus diplômant',
        'Je souhaite aussi la formation musicale.',
        `${IDENTITY} : Fourni`,
      ],
      ['ABOLANT', 'ABOLANT Léa', 'Pas encore envoyée', '', '', '', '', `${IDENTITY} : A fournir`],
      [
        'ABOLANT',
        'ABOLANT Zoé',
        'Validée',
        '02/05/2026',
        'Non',
        '',
        '',
        `${IDENTITY} : A fournir ; ${DANCE} : Refusé : illisible`,
      ],
    ])
  })
})

describe('the pièces of a campaign', () => {
  it('reorders them, deletes one nobody gave, archives one with documents', async () => {
    const { id } = await save(
      input([
        { name: 'Pièce A', required: true, appliesTo: 'tous' },
        { name: 'Pièce B', required: false, appliesTo: 'residents' },
      ]),
    )
    const detail = () => w.run((trx) => campaignDetail(trx, null, id, w.clock.now()))
    const [a, b] = (await detail()).pieces
    if (!a || !b) throw new Error('two pièces')
    await save(
      input([
        { ...b, name: 'Pièce B bis' },
        { ...a, required: false },
      ]),
      id,
    )
    expect((await detail()).pieces.map((p) => [p.name, p.required, p.position])).toEqual([
      ['Pièce B bis', false, 1],
      ['Pièce A', false, 2],
    ])

    const requestId = await request(id, w.pupils.adrien, 'brouillon')
    await document(requestId, w.pupils.adrien, a.id)
    await save(input([]), id)
    expect((await detail()).pieces).toEqual([])
    const rows = await w.db('campaign_pieces').where({ campaign_id: id })
    expect(rows.map((r) => [r.name, r.archived_at !== null])).toEqual([['Pièce A', true]])
    expect(await w.db('reenrolment_documents').count({ n: '*' })).toEqual([{ n: 1 }])
    const actions = await w.db('audit_log').where({ entity_type: 'reenrolment_campaign' })
    expect(actions.map((a) => a.action)).toEqual([
      'reenrolment.campaign_created',
      'reenrolment.campaign_updated',
      'reenrolment.campaign_updated',
    ])
    expect(JSON.parse(actions[2].details).pieces).toEqual({
      added: [],
      changed: [],
      deleted: ['Pièce B bis'],
      archived: ['Pièce A'],
    })
  })
})

describe('the reminders', () => {
  it('mail the reachable guardians of the families that have not all answered', async () => {
    const { id } = await save(input())
    await w.db('families').where({ id: w.families.abolant }).update({ search_text: 'abolant' })
    await w.db('guardians').insert([
      {
        family_id: 1,
        site_id: 1,
        rank: 1,
        civility: 'Madame',
        last_name: 'ABOLANT',
        first_name: 'Jocelyne',
        email: 'jocelyne.abolant@example.org',
        login: 'abolant1',
        created_at: T,
        updated_at: T,
      },
      {
        family_id: 1,
        site_id: 1,
        rank: 2,
        civility: 'Monsieur',
        last_name: 'ABOLANT',
        first_name: 'Marc',
        email: '',
        login: 'abolant2',
        created_at: T,
        updated_at: T,
      },
      {
        family_id: 2,
        site_id: 2,
        rank: 1,
        civility: 'Madame',
        last_name: 'TORRICE',
        first_name: 'Emilie',
        email: 'emilie.torrice@example.org',
        login: 'torrice1',
        created_at: T,
        updated_at: T,
      },
    ])
    await request(id, w.pupils.adrien, 'envoyee')
    const remind = () =>
      w.run((trx) =>
        sendReminders(trx, { id, siteIds: null, publicUrl: 'https://portail.example' }, w.actor),
      )
    // Before the opening: nothing is sent.
    await expect(remind()).rejects.toThrow(new DomainError('CONFLICT', C.reminderNotOpen))
    expect(await w.db('outbox').count({ n: '*' })).toEqual([{ n: 0 }])

    w.clock.set('2026-05-10T10:00:00.000Z')
    const result = await remind()
    expect(result).toEqual({
      families: 1,
      mails: 1,
      unreachable: 0,
      lastReminderAt: '2026-05-10T10:00:00.000Z',
    })
    const [mail, ...others] = await w.db('outbox')
    expect(others).toEqual([])
    expect(mail).toMatchObject({
      kind: 'reenrolment_reminder',
      to_address: 'jocelyne.abolant@example.org',
      subject: 'Réinscription 2026/2027 — Conservatoire',
    })
    expect(mail.text).toContain('Bonjour Madame ABOLANT Jocelyne,')
    expect(mail.text).toContain('ouverte jusqu’au 30/06/2026 à 18:00')
    expect(mail.text).toContain('réinscription de : ABOLANT Léa.')
    expect(mail.text).not.toContain('Adrien')
    expect(mail.text).toContain(
      'identifiant « abolant1 »), menu « Élèves », onglet « Réinscription »',
    )
    expect(mail.text).toContain('si plusieurs élèves, valider pour chacun')
    expect(mail.text).toContain('https://portail.example')
    expect((await campaignOf(id)).lastReminderAt).toBe('2026-05-10T10:00:00.000Z')
  })
})

describe('two campaigns of a site', () => {
  it('may not be open at the same moment: created, opened now or extended over the other, refused', async () => {
    const quick = (id: number, action: QuickAction) =>
      w.run((trx) => runQuickAction(trx, { ...action, id, siteIds: null }, w.actor))
    const refusal = (work: Promise<unknown>) =>
      work.then(
        () => null,
        (err: unknown) => (err instanceof DomainError ? [err.code, err.details] : err),
      )
    const first = await save(input()) // 01/05/2026 09:00 → 30/06/2026 18:00
    const [schoolYear] = await w
      .db('school_years')
      .insert({ label: '2028/2029', starts_on: '2028-09-01', ends_on: '2029-07-04' })
      .returning<{ id: number }[]>('id')
    if (!schoolYear) throw new Error('no year')
    const overFirst = C.overlaps('2026/2027', '01/05/2026 à 09:00', '30/06/2026 à 18:00')
    const over = input([], { schoolYearId: schoolYear.id, opensOn: '15/06/2026' })
    expect(await refusal(save(over))).toEqual(['CONFLICT', { opensOn: overFirst }])
    expect(await w.db('reenrolment_campaigns').pluck('id')).toEqual([first.id])
    // Right after the first closes: taken; and the other site's periods are its own.
    const after = {
      schoolYearId: schoolYear.id,
      opensOn: '30/06/2026',
      opensTime: '18:00',
      closesOn: '31/07/2026',
    }
    const second = await save(input([], after))
    await save(input([], { siteId: 2 }))
    w.clock.set('2026-05-10T08:00:00.000Z')
    expect(await refusal(quick(second.id, { action: 'open' }))).toEqual([
      'CONFLICT',
      { opensOn: overFirst },
    ])
    const overSecond = C.overlaps('2028/2029', '30/06/2026 à 18:00', '31/07/2026 à 18:00')
    const extend: QuickAction = { action: 'extend', closesOn: '15/07/2026', closesTime: '18:00' }
    expect(await refusal(quick(first.id, extend))).toEqual(['CONFLICT', { closesOn: overSecond }])
    expect((await campaignOf(first.id)).closesAt).toBe('2026-06-30T16:00:00.000Z')
    // Closed now, the first leaves the way: the second opens now.
    await quick(first.id, { action: 'close' })
    await quick(second.id, { action: 'open' })
    expect((await campaignOf(second.id)).opensAt).toBe('2026-05-10T08:00:00.000Z')
  })
})
