// The shape of a demo family before it becomes rows.

export interface DemoGuardian {
  civility: 'Monsieur' | 'Madame'
  lastName: string
  firstName: string
  profession?: string
  /** A code of the INSEE list (db/rules/pcs.ts). */
  socioProfessionalCode?: string
  address?: string
  postalCode?: string
  city?: string
  phoneWork?: string
  phoneMobile?: string
  phoneHome?: string
  fax?: string
  email: string
  maritalStatus?: string
}

export interface DemoPupil {
  civility: 'Monsieur' | 'Madame'
  lastName: string
  firstName: string
  birthDate: string
  birthPlace?: string
  schoolLevel?: string
  /** One of DEMO_SCHOOLS, as the pupil's record keeps it ("Nom — COMMUNE"). */
  schoolName?: string
  isGuardianRank?: 1 | 2
  useGuardianAddress?: boolean
}

export interface DemoFamily {
  siteId: number
  guardians: [DemoGuardian, ...DemoGuardian[]]
  pupils: DemoPupil[]
}
