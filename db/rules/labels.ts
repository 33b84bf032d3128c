// The French words for the codes the database keeps: what the journal of a family says.

/** The actions of the audit log, as the family's journal names them. */
export const AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  'family.login': 'Connexion à l’extranet',
  'family.logout': 'Déconnexion',
  'family.change_requested': 'Demande de modification',
  'family.password_reset': 'Mot de passe choisi (mot de passe perdu)',
  'family.password_chosen': 'Mot de passe choisi (premier accès)',
  'family.password_changed': 'Mot de passe modifié',
  'family.reset_requested': 'Mot de passe perdu demandé',
  'staff.change_request_decided': 'Demande traitée',
  'staff.guardian_updated': 'Fiche du responsable modifiée',
  'staff.pupil_updated': 'Fiche de l’élève modifiée',
  'staff.guardian_created': 'Responsable ajouté',
  'staff.pupil_created': 'Élève ajouté',
  'staff.family_created': 'Famille créée',
  'staff.family_imported': 'Famille importée',
  'staff.pupil_archived': 'Élève archivé',
  'staff.guardian_archived': 'Responsable archivé',
  'staff.family_archived': 'Famille archivée',
  'guardian.access_created': 'Accès à l’extranet créé',
  'guardian.access_sent': 'Identifiants envoyés',
  'guardian.access_disabled': 'Accès désactivé',
  'guardian.access_enabled': 'Accès réactivé',
}
