import { describe, expect, it } from 'vitest'
import { columnLetter, guessMapping, guessTarget } from '../../db/rules/import-fields.ts'
import { checkCell } from '../../db/services/import/values.ts'
import { GUARDIAN_FIELDS, PUPIL_FIELDS } from '../../db/rules/record-fields.ts'

describe('the field of a column, guessed from its heading', () => {
  it.each([
    ['N° famille', 'family.number'],
    ['SITE', 'family.site'],
    ['Responsable 1 - Nom', 'guardian1.lastName'],
    ['Resp. 1 Tél. domicile', 'guardian1.phoneHome'],
    ['resp2 e-mail', 'guardian2.email'],
    ['Courriel responsable 2', 'guardian2.email'],
    ['Nom du père', 'guardian2.lastName'],
    ['Prénom mère', 'guardian1.firstName'],
    ['Élève - Date de naissance', 'pupil.birthDate'],
    ['ENFANT NÉ LE', 'pupil.birthDate'],
    ['Nom de famille', 'pupil.lastName'],
    ['CP', 'pupil.postalCode'],
    ['Élève Droit à l’image', 'pupil.imageRights'],
    ['Téléphone portable', 'pupil.phoneMobile'],
    ['Remarques', null],
  ])('%s → %s', (heading, key) => {
    expect(guessTarget(heading)).toBe(key)
  })

  it('gives a field to one column only, and prefers what was remembered', () => {
    expect(guessMapping(['Nom', 'NOM', 'Payeur'], { payeur: 'guardian1.lastName' })).toEqual([
      'pupil.lastName',
      null,
      'guardian1.lastName',
    ])
  })

  it('names columns as a spreadsheet does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ])
  })
})

describe('a cell read as the secretary meant it', () => {
  const field = (key: string) => {
    const def = [...GUARDIAN_FIELDS, ...PUPIL_FIELDS].find((f) => f.key === key)
    if (!def) throw new Error(`no field ${key}`)
    return def
  }
  it.each([
    ['civility', 'M.', 'Monsieur'],
    ['civility', 'mme', 'Madame'],
    ['civility', 'F', 'Madame'],
    ['birthDate', '41710', '2014-03-12'],
    ['birthDate', '12.03.2014', '2014-03-12'],
    ['birthDate', '2014-03-12', '2014-03-12'],
    ['phoneMobile', '611223344', '06 11 22 33 44'],
    ['postalCode', '1000', '01000'],
    ['maritalStatus', 'marie(e)', 'Marié(e)'],
    ['imageRights', 'Oui', true],
    ['imageRights', '', false],
  ])('%s « %s » → %j', (key, text, value) => {
    expect(checkCell(field(key), text)).toEqual({ ok: true, value })
  })

  it('says what to fix otherwise', () => {
    expect(checkCell(field('imageRights'), 'peut-être')).toEqual({
      ok: false,
      error: 'Indiquez « oui » ou « non ».',
    })
    expect(checkCell(field('birthDate'), '31/02/2015').ok).toBe(false)
  })
})
