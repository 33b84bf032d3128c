import { describe, expect, it } from 'vitest'
import {
  checkField,
  displayValue,
  GUARDIAN_FIELDS,
  PUPIL_FIELDS,
  type FieldDef,
} from '../../db/rules/record-fields.ts'
import { checkSchool, schoolChoices } from '../../db/rules/schools.ts'

function guardianField(key: string): FieldDef {
  const def = GUARDIAN_FIELDS.find((f) => f.key === key)
  if (!def) throw new Error(`no guardian field ${key}`)
  return def
}

function pupilField(key: string): FieldDef {
  const def = PUPIL_FIELDS.find((f) => f.key === key)
  if (!def) throw new Error(`no pupil field ${key}`)
  return def
}

const ok = (value: string | boolean) => ({ ok: true, value })
const error = (text: string) => ({ ok: false, error: text })

/** Checks that `field` takes each typed value and keeps it as written next to it. */
function expectKept(field: FieldDef, cases: [unknown, string | boolean][]): void {
  for (const [typed, kept] of cases) {
    expect(checkField(field, typed), String(typed)).toEqual(ok(kept))
  }
}

/** Checks that `field` refuses each typed value with this answer. */
function expectRefused(field: FieldDef, typed: unknown[], answer: ReturnType<typeof error>): void {
  for (const value of typed) expect(checkField(field, value), String(value)).toEqual(answer)
}

describe('checkField, a text', () => {
  const lastName = guardianField('lastName') // required, 80 characters at most
  const profession = guardianField('profession') // optional, 120 at most

  it('trims the value and collapses the spaces inside', () => {
    expect(checkField(lastName, '  LE   GALL \t')).toEqual(ok('LE GALL'))
    expect(checkField(profession, ' Agent\n administratif ')).toEqual(ok('Agent administratif'))
  })

  it('takes exactly the maximum length and refuses one character more', () => {
    expect(checkField(lastName, 'A'.repeat(80))).toEqual(ok('A'.repeat(80)))
    expect(checkField(lastName, 'A'.repeat(81))).toEqual(
      error('Ce champ est trop long (80 caractères au plus).'),
    )
    expect(checkField(profession, 'b'.repeat(120))).toEqual(ok('b'.repeat(120)))
    expect(checkField(profession, 'b'.repeat(121))).toEqual(
      error('Ce champ est trop long (120 caractères au plus).'),
    )
  })

  it('counts the length after the spaces are collapsed', () => {
    expect(checkField(lastName, `  ${'A'.repeat(40)}     ${'B'.repeat(39)}  `)).toEqual(
      ok(`${'A'.repeat(40)} ${'B'.repeat(39)}`),
    )
  })

  it('refuses what is not a text', () => {
    expect(checkField(lastName, 12)).toEqual(error('Cette valeur n’est pas un texte.'))
    expect(checkField(profession, null)).toEqual(error('Cette valeur n’est pas un texte.'))
  })
})

describe('checkField, required and optional empty values', () => {
  it('refuses an empty or blank value of a required field, with its label', () => {
    const cases: [FieldDef, string, string][] = [
      [guardianField('lastName'), '', 'Nom : ce champ est obligatoire.'],
      [guardianField('city'), '   ', 'Ville : ce champ est obligatoire.'],
      [guardianField('email'), '', 'E-mail : ce champ est obligatoire.'],
      [pupilField('birthDate'), ' ', 'Date de naissance : ce champ est obligatoire.'],
      [guardianField('civility'), '', 'Civilité : ce champ est obligatoire.'],
    ]
    for (const [field, blank, message] of cases) {
      expect(checkField(field, blank), field.key).toEqual(error(message))
    }
  })

  it('keeps an optional field empty, whatever its kind', () => {
    const cases: [FieldDef, string][] = [
      [guardianField('profession'), '  '],
      [guardianField('phoneHome'), ''],
      [pupilField('email'), ''],
      [pupilField('postalCode'), ''],
      [pupilField('schoolLevel'), ''],
    ]
    for (const [field, blank] of cases) expect(checkField(field, blank), field.key).toEqual(ok(''))
  })
})

describe('checkField, a phone number', () => {
  const mobile = guardianField('phoneMobile')
  const invalid = error('Ce numéro de téléphone n’est pas valide (exemple : 02 33 94 22 77).')

  it('writes a French number in its national form, however it was typed', () => {
    expectKept(mobile, [
      ['0612345678', '06 12 34 56 78'],
      ['06 12 34 56 78', '06 12 34 56 78'],
      ['06.12.34.56.78', '06 12 34 56 78'],
      ['+33 6 12 34 56 78', '06 12 34 56 78'],
      ['+33612345678', '06 12 34 56 78'],
      ['02 33 94 22 77', '02 33 94 22 77'],
    ])
  })

  it('writes a foreign number in its international form', () => {
    expectKept(mobile, [
      ['+44 20 7946 0958', '+44 20 7946 0958'],
      ['+32 2 555 12 12', '+32 2 555 12 12'],
    ])
  })

  it('refuses what is not a phone number', () => {
    expectRefused(mobile, ['12345', '06 12', '06 12 34 56 78 90', 'pas de téléphone'], invalid)
  })
})

describe('checkField, an e-mail address', () => {
  const email = guardianField('email')
  const invalid = error('Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).')

  it('keeps it in lower case', () => {
    expect(checkField(email, ' Gerard.DUPONT@Example.ORG ')).toEqual(
      ok('gerard.dupont@example.org'),
    )
  })

  it('refuses the shapes that are not an address', () => {
    const shapes = [
      'gerard',
      'gerard@',
      '@example.org',
      'gerard@example',
      'gerard dupont@example.org',
      'gerard@@example.org',
      'gerard@exa@mple.org',
      'gerard.example.org',
    ]
    expectRefused(email, shapes, invalid)
  })

  it('takes 200 characters and refuses 201', () => {
    const domain = '@example.org' // 12 characters
    expect(checkField(email, `${'a'.repeat(188)}${domain}`)).toEqual(
      ok(`${'a'.repeat(188)}${domain}`),
    )
    expect(checkField(email, `${'a'.repeat(189)}${domain}`)).toEqual(invalid)
  })
})

describe('checkField, a postal code', () => {
  const postalCode = guardianField('postalCode')
  const invalid = error('Le code postal compte 5 chiffres (exemple : 29170).')

  it('takes 5 digits, spaces removed', () => {
    expectKept(postalCode, [
      ['29170', '29170'],
      ['29 170', '29170'],
      [' 2 9 1 7 0 ', '29170'],
    ])
  })

  it('refuses 4 or 6 digits, and letters', () => {
    expectRefused(postalCode, ['2917', '291700', '2A004'], invalid)
  })
})

describe('checkField, a date', () => {
  const birthDate = pupilField('birthDate')
  const invalid = error('Cette date n’est pas valide (exemple : 14/09/1995).')

  it('takes the French form and the ISO form, and keeps the ISO form', () => {
    expectKept(birthDate, [
      ['14/09/1995', '1995-09-14'],
      ['1995-09-14', '1995-09-14'],
      ['1/9/1995', '1995-09-01'],
      ['29/02/2024', '2024-02-29'],
    ])
  })

  it('takes what a phone keyboard types: dots, dashes, spaces, or the eight digits alone', () => {
    expectKept(birthDate, [
      ['14.09.1995', '1995-09-14'],
      ['14-09-1995', '1995-09-14'],
      ['14 09 1995', '1995-09-14'],
      ['14091995', '1995-09-14'],
      [' 14/09/1995 ', '1995-09-14'],
    ])
    expectRefused(birthDate, ['1409195', '140919955', '14/09-1995x', '31021995'], invalid)
  })

  it('refuses a day that does not exist', () => {
    expectRefused(birthDate, ['31/02/2020', '29/02/2023', '2020-13-01', '00/01/2020'], invalid)
  })

  it('refuses a date to come', () => {
    expect(checkField(birthDate, '01/01/2999')).toEqual(invalid)
  })

  it('takes 1900 and refuses what is before', () => {
    expect(checkField(birthDate, '01/01/1900')).toEqual(ok('1900-01-01'))
    expect(checkField(birthDate, '31/12/1899')).toEqual(invalid)
  })

  it('refuses other shapes', () => {
    expectRefused(birthDate, ['14/09/95', '1995-9-14', '14 septembre 1995'], invalid)
  })
})

describe('checkField, a choice', () => {
  const civility = guardianField('civility')
  const schoolLevel = pupilField('schoolLevel')

  it('takes a value of the list', () => {
    expect(checkField(civility, 'Madame')).toEqual(ok('Madame'))
    expect(checkField(schoolLevel, 'Terminale')).toEqual(ok('Terminale'))
  })

  it('refuses a value out of the list, even in another case', () => {
    expectRefused(
      civility,
      ['Mademoiselle', 'madame'],
      error('Choisissez une valeur dans la liste pour « Civilité ».'),
    )
    expect(checkField(schoolLevel, 'CM3')).toEqual(
      error('Choisissez une valeur dans la liste pour « Niveau scolaire ».'),
    )
  })
})

describe('checkField, a box to tick', () => {
  const imageRights = pupilField('imageRights')

  it('takes true and false', () => {
    expectKept(imageRights, [
      [true, true],
      [false, false],
    ])
  })

  it('refuses a string, even "true"', () => {
    expectRefused(imageRights, ['true', '', 1], error('Cochez ou décochez la case.'))
  })
})

describe('displayValue', () => {
  it('shows a dash for a value that is not there', () => {
    expect(displayValue(guardianField('profession'), '')).toBe('—')
    expect(displayValue(pupilField('birthDate'), null)).toBe('—')
    expect(displayValue(pupilField('imageRights'), undefined)).toBe('—')
  })

  it('shows a box as Oui or Non', () => {
    expect(displayValue(pupilField('imageRights'), true)).toBe('Oui')
    expect(displayValue(pupilField('exitAuthorization'), false)).toBe('Non')
  })

  it('shows a date in the French form', () => {
    expect(displayValue(pupilField('birthDate'), '1995-09-14')).toBe('14/09/1995')
    expect(displayValue(pupilField('birthDate'), '2024-02-29')).toBe('29/02/2024')
    // A value that is not a stored date is shown as it is, never as "undefined/…".
    expect(displayValue(pupilField('birthDate'), '14/09/1995')).toBe('14/09/1995')
  })

  it('shows the other values as they are kept', () => {
    expect(displayValue(guardianField('phoneMobile'), '06 12 34 56 78')).toBe('06 12 34 56 78')
    expect(displayValue(guardianField('civility'), 'Madame')).toBe('Madame')
    expect(displayValue(guardianField('lastName'), 'DUPONT')).toBe('DUPONT')
  })
})

describe('the fields the seeds add', () => {
  it('take a code of the INSEE list for "Code socio-professionnel", shown with its name', () => {
    const pcs = guardianField('socioProfessionalCode')
    expect(pcs.label).toBe('Code socio-professionnel')
    expect(checkField(pcs, '33')).toEqual(ok('33'))
    expect(checkField(pcs, '')).toEqual(ok(''))
    expect(checkField(pcs, '99')).toEqual(
      error('Choisissez une valeur dans la liste pour « Code socio-professionnel ».'),
    )
    expect(checkField(pcs, 'Cadres de la fonction publique').ok).toBe(false)
    expect(displayValue(pcs, '33')).toBe('33 — Cadres de la fonction publique')
    expect(displayValue(pcs, '84')).toBe('84 — Élèves, étudiants')
    expect(pcs.choices).toHaveLength(40)
  })

  it('put "Tél copie" (guardian) and "Télécopie" (pupil) the French way', () => {
    expect(guardianField('fax').label).toBe('Tél copie')
    expect(pupilField('fax').label).toBe('Télécopie')
    expectKept(guardianField('fax'), [['0298560001', '02 98 56 00 01']])
    expect(checkField(pupilField('fax'), '12').ok).toBe(false)
  })

  it('link the image-rights box to the text to read', () => {
    expect(pupilField('imageRights').notice?.summary).toContain('prise de vue et de diffusion')
  })
})

describe('the list of schools', () => {
  it('shows a school as its name and commune, then the two answers of the seeds', () => {
    expect(schoolChoices([{ name: 'Collège du Golfe', city: 'SAINTE-MAXIME' }])).toEqual([
      'Collège du Golfe — SAINTE-MAXIME',
      'Non scolarisé-e',
      'Établissement non-répertorié',
    ])
  })

  it('wants a name and a commune, the commune in capitals', () => {
    expect(checkSchool({ name: '  Lycée  des Maures ', city: 'cogolin' })).toEqual({
      ok: true,
      value: { name: 'Lycée des Maures', city: 'COGOLIN' },
    })
    expect(checkSchool({ name: '', city: 3 })).toEqual({
      ok: false,
      errors: {
        name: 'Nom : ce champ est obligatoire.',
        city: 'Commune : ce champ est obligatoire.',
      },
    })
  })
})
