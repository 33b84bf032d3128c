/**
 * Staff roles and what each may do. The server checks them on every staff route (hapi's
 * `auth.access.scope`: the session's credentials carry the role as their one scope); the back
 * office hides what a role cannot do, from the same lists.
 */
export const STAFF_ROLES = [
  'admin',
  'secretariat',
  'direction',
  'comptabilite',
  'enseignant',
] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  admin: 'Administrateur',
  secretariat: 'Secrétariat',
  direction: 'Direction',
  comptabilite: 'Comptabilité',
  enseignant: 'Enseignant',
}

/**
 * Who may do what. A route names one of these as its scope, e.g.
 * `options: { auth: { access: { scope: [...CAN.editFamilies] } } }`.
 */
export const CAN = {
  /** Read families, guardians, pupils, their journal, the pending requests and the mails. */
  readFamilies: ['admin', 'secretariat', 'direction', 'comptabilite'],
  /** Create, change, archive and restore records; grant access; send identifiants; import. */
  editFamilies: ['admin', 'secretariat'],
  /** Accept or refuse what families submitted. */
  decideRequests: ['admin', 'secretariat', 'direction'],
  /** The outbox: read it, retry a mail. */
  mails: ['admin', 'secretariat', 'direction'],
  /** The conservatoire, its sites, the mail server, staff accounts, backups. */
  settings: ['admin'],
  /**
   * Read the pedagogy: school years, departments, disciplines, cursus and cycles, teachers,
   * courses and their pupils, a pupil's enrolments and follow-up. Comptabilité reads them (billing
   * stands on cursus and courses); Enseignant not yet: the teacher access will show a teacher their
   * own courses only.
   */
  readPedagogy: ['admin', 'secretariat', 'direction', 'comptabilite'],
  /** Change them: the lists, enrolments, roll call, évaluations, suivi, répertoire. */
  editPedagogy: ['admin', 'secretariat'],
  /**
   * Read the réinscription campaigns: their settings, the dashboard, the families' requests and
   * documents.
   */
  readReenrolment: ['admin', 'secretariat', 'direction'],
  /**
   * Run them: prepare, open, extend and close a campaign, send reminders, accept or refuse
   * documents, validate or refuse a pupil's réinscription.
   */
  runReenrolment: ['admin', 'secretariat'],
  /**
   * Read billing: tariffs, a family's account, invoices, payments, SEPA debits, the lists and
   * exports. Secrétariat reads them to answer families and records payments at the desk.
   */
  readBilling: ['admin', 'secretariat', 'direction', 'comptabilite'],
  /**
   * Bill: set tariffs, a family's quotient and residence, rentals and mandates; bill a year or a
   * term; issue credit notes; export SEPA debits.
   */
  bill: ['admin', 'comptabilite'],
  /** Record a payment (a cheque, cash at the desk…) and its receipt. */
  recordPayments: ['admin', 'comptabilite', 'secretariat'],
  /** Anyone logged in (who am I, the sites of a select). */
  anyStaff: ['admin', 'secretariat', 'direction', 'comptabilite', 'enseignant'],
} as const satisfies Record<string, readonly StaffRole[]>

export type Permission = keyof typeof CAN

export function can(role: StaffRole, permission: Permission): boolean {
  return (CAN[permission] as readonly StaffRole[]).includes(role)
}

/** The administrator works for every site; every other role for the sites of their account. */
export function seesEverySite(role: StaffRole): boolean {
  return role === 'admin'
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value)
}

/** A staff account as the administrator sees it ("Paramètres" → "Comptes"). */
export interface StaffAccount {
  id: number
  login: string
  displayName: string
  email: string
  role: StaffRole
  /** The sites they work for; empty for an administrator (every site). */
  siteIds: number[]
  active: boolean
  /** False until they have chosen a password with the link of their mail. */
  hasPassword: boolean
}
