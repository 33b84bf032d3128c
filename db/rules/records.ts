// The records as the services give them and both apps show them: families, guardians, pupils.

import type { ListPage } from './lists.ts'
import type { Residence } from './reenrolment.ts'

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
  /** When the family was archived; null while it is active. */
  archivedAt: string | null
  /** How many of its records wait for a decision in the sas. */
  pendingRequests: number
  guardians: GuardianSummary[]
  pupils: PupilSummary[]
}

/** A page of the Familles list. */
export type FamilyList = ListPage<FamilyRow>

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

/** A record of the family waiting in the sas ("Demandes en attente"). */
export interface PendingRequestLink {
  id: number
  targetType: 'guardian' | 'pupil'
  targetId: number
  createdAt: string
}

export interface FamilyRecord {
  id: number
  name: string
  siteId: number
  siteName: string
  /** When the family was archived; null while it is active. */
  archivedAt: string | null
  /** Where the family lives (staff set it; the family does not see it); null: not known. */
  residence: Residence | null
  guardians: GuardianRecord[]
  pupils: PupilRecord[]
  /** The guardians and pupils archived, that staff may restore. */
  archivedGuardians: (GuardianRecord & { archivedAt: string })[]
  archivedPupils: (PupilRecord & { archivedAt: string })[]
  pendingRequests: PendingRequestLink[]
}
