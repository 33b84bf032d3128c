// The records as the services give them and both apps show them: families, guardians, pupils.

export interface GuardianSummary {
  id: number
  rank: number
  civility: string
  lastName: string
  firstName: string
  login: string | null
}

export interface PupilSummary {
  id: number
  lastName: string
  firstName: string
}

export interface FamilyRow {
  id: number
  name: string
  siteId: number
  siteName: string
  guardians: GuardianSummary[]
  pupils: PupilSummary[]
}

export interface FamilyList {
  items: FamilyRow[]
  total: number
  page: number
  pageSize: number
}

/** Where a guardian or a pupil is reached. */
export interface Contact {
  address: string
  postalCode: string
  city: string
  phoneHome: string
  phoneWork: string
  phoneMobile: string
  email: string
}

export interface GuardianRecord extends GuardianSummary, Contact {
  maritalStatus: string
  profession: string
  socioProfessionalCode: string
  fax: string
  accessEnabled: boolean
  hasPassword: boolean
}

export interface PupilRecord extends PupilSummary, Contact {
  civility: string
  birthDate: string | null
  birthPlace: string
  maritalStatus: string
  useGuardianAddress: boolean
  fax: string
  schoolLevel: string
  schoolName: string
  imageRights: boolean
  exitAuthorization: boolean
  emergencyContact: string
  emergencyPhone: string
  isGuardian: boolean
}

export interface FamilyRecord {
  id: number
  name: string
  siteId: number
  siteName: string
  guardians: GuardianRecord[]
  pupils: PupilRecord[]
}
