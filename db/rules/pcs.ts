// The guardian's "Code socio-professionnel": the INSEE list of the professions et catégories
// socioprofessionnelles (PCS), at the level of the catégories socioprofessionnelles (two-digit
// codes; the same in PCS 1982, 2003 and 2020), with the retired and the other inactive people.

export const PCS_CATEGORIES = [
  ['10', 'Agriculteurs exploitants'],
  ['21', 'Artisans'],
  ['22', 'Commerçants et assimilés'],
  ['23', 'Chefs d’entreprise de 10 salariés ou plus'],
  ['31', 'Professions libérales'],
  ['33', 'Cadres de la fonction publique'],
  ['34', 'Professeurs, professions scientifiques'],
  ['35', 'Professions de l’information, des arts et des spectacles'],
  ['37', 'Cadres administratifs et commerciaux d’entreprise'],
  ['38', 'Ingénieurs et cadres techniques d’entreprise'],
  ['42', 'Professeurs des écoles, instituteurs et assimilés'],
  ['43', 'Professions intermédiaires de la santé et du travail social'],
  ['44', 'Clergé, religieux'],
  ['45', 'Professions intermédiaires administratives de la fonction publique'],
  ['46', 'Professions intermédiaires administratives et commerciales des entreprises'],
  ['47', 'Techniciens'],
  ['48', 'Contremaîtres, agents de maîtrise'],
  ['52', 'Employés civils et agents de service de la fonction publique'],
  ['53', 'Policiers et militaires'],
  ['54', 'Employés administratifs d’entreprise'],
  ['55', 'Employés de commerce'],
  ['56', 'Personnels des services directs aux particuliers'],
  ['62', 'Ouvriers qualifiés de type industriel'],
  ['63', 'Ouvriers qualifiés de type artisanal'],
  ['64', 'Chauffeurs'],
  ['65', 'Ouvriers qualifiés de la manutention, du magasinage et du transport'],
  ['67', 'Ouvriers non qualifiés de type industriel'],
  ['68', 'Ouvriers non qualifiés de type artisanal'],
  ['69', 'Ouvriers agricoles'],
  ['71', 'Anciens agriculteurs exploitants'],
  ['72', 'Anciens artisans, commerçants, chefs d’entreprise'],
  ['74', 'Anciens cadres'],
  ['75', 'Anciennes professions intermédiaires'],
  ['77', 'Anciens employés'],
  ['78', 'Anciens ouvriers'],
  ['81', 'Chômeurs n’ayant jamais travaillé'],
  ['83', 'Militaires du contingent'],
  ['84', 'Élèves, étudiants'],
  ['85', 'Personnes diverses sans activité professionnelle de moins de 60 ans (sauf retraités)'],
  ['86', 'Personnes diverses sans activité professionnelle de 60 ans et plus (sauf retraités)'],
] as const

/** The codes, in the INSEE order. */
export const PCS_CODES: readonly string[] = PCS_CATEGORIES.map(([code]) => code)

/** "33 — Cadres de la fonction publique": a code as the forms and the journal show it. */
export const PCS_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  PCS_CATEGORIES.map(([code, label]) => [code, `${code} — ${label}`]),
)
