// The demo accounts and families named in DESIGN.md, always present and always the same.
import type { DemoFamily } from './types.ts'

/** The password of every demo account (DESIGN.md). */
export const DEMO_PASSWORD = 'Portee-Demo-2026'

/** The accounts printed when the demo starts, as DESIGN.md lists them. */
export const DEMO_LOGINS = [
  { site: 'Conservatoire', login: 'dupont1', who: 'Monsieur DUPONT Gérard' },
  { site: 'Conservatoire', login: 'dupont2', who: 'Madame DUPONT Claire' },
  { site: 'Conservatoire', login: 'abolant1', who: 'Madame ABOLANT Jocelyne' },
  { site: 'Antenne de Sainte-Maxime', login: 'torrice1', who: 'Madame TORRICE Emilie' },
  { site: 'Antenne de Sainte-Maxime', login: 'dupont1', who: 'Monsieur DUPONT Marc' },
] as const

/** The families named in DESIGN.md, always present and always the same. */
/**
 * The back office's demo accounts besides `admin`: one per other role, to try what each may do
 * (the Secrétariat of the antenne sees only its families).
 */
export const DEMO_STAFF = [
  { login: 'secretariat', name: 'Sophie MARTIN', role: 'secretariat', siteIds: [1] },
  { login: 'antenne', name: 'Julien ROUX', role: 'secretariat', siteIds: [2] },
  { login: 'direction', name: 'Hélène VIDAL', role: 'direction', siteIds: [1, 2] },
  { login: 'comptabilite', name: 'Marc GIRAUD', role: 'comptabilite', siteIds: [1, 2] },
  { login: 'enseignant', name: 'Thomas BAMELONG', role: 'enseignant', siteIds: [1] },
] as const

/** The two sites of DESIGN.md: the conservatoire and its antenne. */
export const DEMO_SITES = [
  {
    id: 1,
    name: 'Conservatoire',
    legal_name: 'Conservatoire de musique, danse et théâtre du Golfe',
    address: '12 avenue des Arts',
    postal_code: '83310',
    city: 'COGOLIN',
    phone: '04 94 00 12 34',
    email: 'conservatoire@example.org',
    position: 1,
  },
  {
    id: 2,
    name: 'Antenne de Sainte-Maxime',
    legal_name: 'Conservatoire de musique, danse et théâtre du Golfe — Antenne de Sainte-Maxime',
    address: '3 place des Sports',
    postal_code: '83120',
    city: 'SAINTE-MAXIME',
    phone: '04 94 00 56 78',
    email: 'antenne.sainte-maxime@example.org',
    position: 2,
  },
]

/** The schools of the list that staff keep ("Paramètres" → "Établissements scolaires"). */
export const DEMO_SCHOOLS = [
  { id: 1, name: 'École élémentaire des Glénan', city: 'FOUESNANT' },
  { id: 2, name: 'Collège du Golfe', city: 'SAINTE-MAXIME' },
  { id: 3, name: 'Collège Saint-Exupéry', city: 'COGOLIN' },
  { id: 4, name: 'Lycée des Maures', city: 'COGOLIN' },
]

export function namedFamilies(conservatoire: number, antenne: number): DemoFamily[] {
  return [
    {
      siteId: conservatoire,
      guardians: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Gérard',
          address: '15 rue des Fleurs',
          postalCode: '29170',
          city: 'FOUESNANT',
          email: 'gerard.dupont@example.org',
          maritalStatus: 'Marié(e)',
          socioProfessionalCode: '38',
          fax: '02 98 56 00 01',
        },
        {
          civility: 'Madame',
          lastName: 'DUPONT',
          firstName: 'Claire',
          address: '15 rue des Fleurs',
          postalCode: '29170',
          city: 'FOUESNANT',
          email: 'claire.dupont@example.org',
          maritalStatus: 'Marié(e)',
          socioProfessionalCode: '42',
        },
      ],
      pupils: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Gérard',
          birthDate: '1960-05-03',
          isGuardianRank: 1,
          useGuardianAddress: true,
        },
        {
          civility: 'Madame',
          lastName: 'DUPONT',
          firstName: 'Léa',
          birthDate: '2014-03-12',
          birthPlace: 'Quimper (29)',
          schoolLevel: 'CM2',
          schoolName: 'École élémentaire des Glénan — FOUESNANT',
          useGuardianAddress: true,
        },
      ],
    },
    {
      siteId: conservatoire,
      guardians: [
        {
          civility: 'Madame',
          lastName: 'ABOLANT',
          firstName: 'Jocelyne',
          profession: 'Cadre de la fonction publique',
          socioProfessionalCode: '33',
          address: '8 avenue des Pins',
          postalCode: '83310',
          city: 'COGOLIN',
          email: 'jocelyne.abolant@example.org',
        },
      ],
      pupils: [
        {
          civility: 'Monsieur',
          lastName: 'ABOLANT',
          firstName: 'Adrien',
          birthDate: '1995-09-14',
          birthPlace: 'Meaux (77)',
          schoolLevel: 'Terminale',
          schoolName: 'Lycée des Maures — COGOLIN',
          useGuardianAddress: true,
        },
      ],
    },
    {
      siteId: antenne,
      guardians: [
        {
          civility: 'Madame',
          lastName: 'TORRICE',
          firstName: 'Emilie',
          postalCode: '83120',
          city: 'SAINTE MAXIME',
          phoneWork: '04 98 12 29 74',
          socioProfessionalCode: '46',
          email: 'emilie.torrice@example.org',
        },
      ],
      pupils: [
        {
          civility: 'Madame',
          lastName: 'TORRICE',
          firstName: 'Emilie',
          birthDate: '1982-06-21',
          isGuardianRank: 1,
          useGuardianAddress: true,
        },
      ],
    },
    {
      siteId: antenne,
      guardians: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Marc',
          address: '3 rue Jean Aicard',
          postalCode: '83120',
          city: 'SAINTE-MAXIME',
          phoneMobile: '06 12 34 56 78',
          email: 'marc.dupont@example.org',
        },
      ],
      pupils: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Hugo',
          birthDate: '2012-11-02',
          birthPlace: 'Fréjus (83)',
          schoolLevel: '4e',
          schoolName: 'Collège du Golfe — SAINTE-MAXIME',
          useGuardianAddress: true,
        },
      ],
    },
  ]
}
