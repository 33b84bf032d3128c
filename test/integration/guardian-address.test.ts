import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  asFamily,
  asStaff,
  decide,
  familyCookie,
  staffCookie,
  type Client,
} from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// "Utiliser les coordonnées du responsable légal": while the box is ticked, the pupil's address is
// the guardian's, also after a change of the guardian's address accepted later from the sas or
// made by staff; both the family and the back office see it.
// Demo: family 1 = guardians 1 (DUPONT Gérard) and 2 (Claire), pupils 1 (Gérard himself) and
// 2 (Léa), both with the box ticked; family 4 = guardian 5 (DUPONT Marc), pupil 5 (Hugo).

let server: TestServer
let staff: Client
let gerard: Client
let claire: Client
let marc: Client

beforeAll(async () => {
  server = await startTestServer()
  staff = asStaff(server, await staffCookie(server))
  gerard = asFamily(server, await familyCookie(server, 1, 'dupont1'))
  claire = asFamily(server, await familyCookie(server, 1, 'dupont2'))
  marc = asFamily(server, await familyCookie(server, 2, 'dupont1'))
})
afterAll(async () => {
  await server.close()
})

/** A pupil's address as the back office shows it. */
async function staffAddress(familyId: number, pupilId: number) {
  const family = await staff.read(`/api/staff/families/${familyId}`)
  const pupil = family.pupils.find((p: { id: number }) => p.id === pupilId)
  return { address: pupil.address, postalCode: pupil.postalCode, city: pupil.city }
}

/** A pupil's address as the family sees it on "Élèves". */
async function familyAddress(family: Client, pupilId: number) {
  const { values } = await family.read(`/api/family/pupils/${pupilId}`)
  return { address: values.address, postalCode: values.postalCode, city: values.city }
}

const NEW_HOME = { address: '2 allée des Chênes', postalCode: '29000', city: 'QUIMPER' }

describe('a pupil using the guardian’s address', () => {
  it('follows a change of the guardian’s address accepted later from the sas', async () => {
    const asked = await gerard.put('/api/family/guardian', { values: NEW_HOME })
    expect(asked.statusCode).toBe(200)
    // Waiting in the sas: nothing moves yet.
    expect(await familyAddress(gerard, 2)).toEqual({
      address: '15 rue des Fleurs',
      postalCode: '29170',
      city: 'FOUESNANT',
    })
    const { items } = await staff.read('/api/staff/change-requests')
    const request = items.find((r: { targetName: string }) => r.targetName === 'DUPONT Gérard')
    const decisions = { address: 'accept', postalCode: 'accept', city: 'accept' }
    expect((await decide(staff, request.id, decisions)).statusCode).toBe(200)

    expect(await staffAddress(1, 2)).toEqual(NEW_HOME)
    expect(await familyAddress(gerard, 2)).toEqual(NEW_HOME)
    expect(await familyAddress(claire, 2)).toEqual(NEW_HOME)
    // Gérard as a pupil (an adult pupil) follows his own guardian record.
    expect(await staffAddress(1, 1)).toEqual(NEW_HOME)
  })

  it('follows a change made by staff, and the form of the family offers the same address', async () => {
    const moved = { address: '40 quai Malakoff', postalCode: '83120', city: 'SAINTE-MAXIME' }
    expect((await staff.put('/api/staff/guardians/5', { values: moved })).statusCode).toBe(204)
    expect(await staffAddress(4, 5)).toEqual(moved)
    const hugo = await marc.read('/api/family/pupils/5')
    expect(hugo.values).toMatchObject(moved)
    expect(hugo.guardianAddress).toEqual(moved)
  })

  it('follows the first guardian, whichever guardian is logged in', async () => {
    // Claire (guardian 2) reads Léa's record: the address offered is the first guardian's.
    expect((await claire.read('/api/family/pupils/2')).guardianAddress).toEqual(NEW_HOME)
  })

  it('no longer follows once the box is unticked', async () => {
    const own = { useGuardianAddress: false, address: '5 rue du Port', city: 'CONCARNEAU' }
    expect((await staff.put('/api/staff/pupils/2', { values: own })).statusCode).toBe(204)
    const again = { address: '9 place Saint-Corentin', postalCode: '29000', city: 'QUIMPER' }
    expect((await staff.put('/api/staff/guardians/1', { values: again })).statusCode).toBe(204)
    expect(await staffAddress(1, 2)).toEqual({
      address: '5 rue du Port',
      postalCode: '29000',
      city: 'CONCARNEAU',
    })
    expect(await staffAddress(1, 1)).toEqual(again)
  })

  it('takes the guardian’s address at once when the box is ticked again', async () => {
    expect(
      (await staff.put('/api/staff/pupils/2', { values: { useGuardianAddress: true } })).statusCode,
    ).toBe(204)
    expect(await staffAddress(1, 2)).toEqual({
      address: '9 place Saint-Corentin',
      postalCode: '29000',
      city: 'QUIMPER',
    })
  })
})
