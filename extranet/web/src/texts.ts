/** The answer to a change sent to the sas. */
export const REQUEST_SAVED =
  'Votre demande de modification est enregistrée : elle attend la validation du secrétariat. Un accusé de réception vous est envoyé par courriel.'
