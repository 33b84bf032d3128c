import { beforeEach, describe, expect, it } from 'vitest'
import { withSql } from '../../db/prepared.ts'
import { endEnrolment, enrolPupil } from '../../db/services/pedagogy/enrolments.ts'
import { familyReenrolmentTab } from '../../db/services/reenrolment/family-tab.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, type World } from '../support/pedagogy.ts'
import { makeCampaign, nextYear } from '../support/reenrolment.ts'

// The choices of next year a line of the family's Réinscription tab offers, when the pupil was
// enrolled twice in one course this year (left in the autumn, back in the winter).

const freshDb = freshDatabases('portee-tab-options-')
let w: World

beforeEach(async () => {
  w = await buildWorld(freshDb())
})

const enrol = (courseId: number, startsOn: string) =>
  w.run((trx) =>
    enrolPupil(
      trx,
      { pupilId: w.pupils.adrien, courseId, schoolYearId: w.years.y2025, startsOn },
      w.actor,
    ),
  )

async function enrolledTwice(courseId: number): Promise<void> {
  const { enrolmentId } = await enrol(courseId, '01/09/2025')
  await w.run((trx) => endEnrolment(trx, { enrolmentId, endsOn: '15/11/2025' }, w.actor))
  await enrol(courseId, '05/01/2026')
}

/** Next year, its courses copied from this year's, and a campaign of the Conservatoire into it. */
async function openCampaign(): Promise<void> {
  const next = await nextYear(w)
  await makeCampaign(w.db, {
    siteId: w.sites.conservatoire,
    schoolYearId: next,
    opensAt: '2025-10-01T00:00:00.000Z',
    closesAt: '2025-11-30T00:00:00.000Z',
  })
}

/** Each line of ABOLANT Adrien's tab: « course (actif or not) → its choices ». */
async function linesOfTab(): Promise<string[]> {
  const tab = await withSql(w.db, (sql) =>
    familyReenrolmentTab(sql, {
      familyId: w.families.abolant,
      siteId: w.sites.conservatoire,
      pupilId: w.pupils.adrien,
      now: w.clock.now(),
    }),
  )
  return tab.lines.map(
    (l) =>
      `${l.course} (${l.active ? 'actif' : 'fini'}) → ${l.options.map((o) => o.label).join(' ; ')}`,
  )
}

describe('the choices of a course followed twice in the year', () => {
  it('offers each course of next year once, on both lines', async () => {
    await enrolledTwice(w.courses.cuivres)
    await openCampaign()
    expect(await linesOfTab()).toEqual([
      'Ensemble de cuivres (fini) → Ensemble de cuivres',
      'Ensemble de cuivres (actif) → Ensemble de cuivres',
    ])
  })

  it('offers each course of the discipline once when none continues it', async () => {
    await enrolledTwice(w.courses.trompette)
    await openCampaign()
    // Next year's Trompette made apart from this year's: it continues nothing.
    await w.db('courses').where({ previous_course_id: w.courses.trompette }).update({
      previous_course_id: null,
    })
    const lines = await linesOfTab()
    expect(lines).toEqual(['Trompette (fini) → Trompette', 'Trompette (actif) → Trompette'])
  })
})
