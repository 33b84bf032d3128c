// The family's residence on its file (PUT /api/staff/families/{id}/residence): set by staff, read
// back with the family, written in its journal; another site's staff do not reach it; it is no
// field of the records, so families can neither see it in their forms nor ask to change it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GUARDIAN_FIELDS, PUPIL_FIELDS } from '../../db/rules/record-fields.ts'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer
let secretariat: Client
const ABOLANT = 2 // the demo's family ABOLANT, on the Conservatoire

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 10 })
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
})
afterAll(() => server.close())

describe('the residence of a family', () => {
  it('is set by the secretariat, read with the family and written in its journal', async () => {
    const url = `/api/staff/families/${ABOLANT}/residence`
    expect((await secretariat.put(url, { residence: 'exterieur' })).statusCode).toBe(204)
    expect((await secretariat.read(`/api/staff/families/${ABOLANT}`)).residence).toBe('exterieur')
    expect((await secretariat.put(url, { residence: null })).statusCode).toBe(204)
    expect((await secretariat.read(`/api/staff/families/${ABOLANT}`)).residence).toBeNull()
    const journal = await secretariat.read(`/api/staff/families/${ABOLANT}/audit`)
    const entries = journal.items.filter((e: { what: string }) => e.what === 'Résidence modifiée')
    expect(entries.map((e: { detail: string }) => e.detail).sort()).toEqual([
      'Résidence : « Commune » → « Extérieur »',
      'Résidence : « Extérieur » → « Non renseignée »',
    ])
  })

  it('refuses a value out of the list, and another site’s secretariat does not reach it', async () => {
    const url = `/api/staff/families/${ABOLANT}/residence`
    const bad = await secretariat.put(url, { residence: 'paris' })
    expect(bad.statusCode).toBe(400)
    const antenne = asStaff(server, await staffCookie(server, 'antenne'))
    expect((await antenne.put(url, { residence: 'commune' })).statusCode).toBe(404)
    const direction = asStaff(server, await staffCookie(server, 'direction'))
    expect((await direction.put(url, { residence: 'commune' })).statusCode).toBe(403)
  })

  it('is no field of the records the families change', () => {
    const keys = [...GUARDIAN_FIELDS, ...PUPIL_FIELDS].map((f) => f.key)
    expect(keys).not.toContain('residence')
  })
})
