// The mails of Portée, in French, as plain text and HTML. Values are escaped in the HTML.

/**
 * Where a mail's link to choose a password goes: the link is made when the mail is sent (see the
 * outbox sender), so that no token is ever stored.
 */
export const LINK_PLACEHOLDER = '[lien personnel créé à l’envoi du courriel]'

export interface Mail {
  subject: string
  text: string
  html: string
}

export interface MailSite {
  name: string
  legalName: string
}

export interface MailGuardian {
  civility: string
  lastName: string
  firstName: string
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function greeting(g: MailGuardian): string {
  return `Bonjour ${[g.civility, g.lastName, g.firstName].filter(Boolean).join(' ')},`
}

/** Paragraphs (and one optional link button) → { text, html }. */
export function compose(
  site: MailSite,
  subject: string,
  paragraphs: string[],
  link?: { label: string; url: string },
): Mail {
  const signature = `${site.legalName || site.name}`
  const textParts = [...paragraphs]
  if (link) textParts.splice(1, 0, `${link.label} :\n${link.url}`)
  const text = `${textParts.join('\n\n')}\n\n-- \n${signature}\nCe message a été envoyé automatiquement : merci de ne pas y répondre.\n`
  const htmlParagraphs = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
  if (link) {
    htmlParagraphs.splice(
      1,
      0,
      `<p><a href="${escapeHtml(link.url)}" style="display:inline-block;padding:10px 16px;background:#1d4f91;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(link.label)}</a></p>` +
        `<p style="font-size:13px;color:#444">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br>${escapeHtml(link.url)}</p>`,
    )
  }
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,sans-serif;font-size:15px;color:#1a1a1a;line-height:1.5">${htmlParagraphs.join('')}<p style="font-size:13px;color:#444">-- <br>${escapeHtml(signature)}<br>Ce message a été envoyé automatiquement : merci de ne pas y répondre.</p></body></html>`
  return { subject, text, html }
}

export function accessMail(input: {
  site: MailSite
  guardian: MailGuardian
  login: string
  portalUrl: string
  link: string
  validDays: number
}): Mail {
  return compose(
    input.site,
    `Votre accès au portail des familles — ${input.site.name}`,
    [
      `${greeting(input.guardian)}\n\nLe secrétariat vous a ouvert un accès au portail des familles du conservatoire. Pour choisir votre mot de passe, ouvrez le lien ci-dessous (valable ${input.validDays} jours).`,
      `Pour vous connecter ensuite :\nAdresse : ${input.portalUrl}\nSite : ${input.site.name}\nIdentifiant : ${input.login}\nMot de passe : celui que vous aurez choisi.`,
      `Chaque responsable de la famille a son propre accès. Si ce lien a expiré, utilisez « Mot de passe perdu » sur la page de connexion.`,
    ],
    { label: 'Choisir mon mot de passe', url: input.link },
  )
}

/** A new staff account: the link to choose a password, and how to log in to the back office. */
export function staffAccessMail(input: {
  site: MailSite
  displayName: string
  login: string
  roleLabel: string
  staffUrl: string
  link: string
  validDays: number
}): Mail {
  return compose(
    input.site,
    `Votre compte sur le back office de Portée — ${input.site.name}`,
    [
      `Bonjour ${input.displayName},\n\nL’administrateur vous a ouvert un compte sur le back office de Portée (rôle : ${input.roleLabel}). Pour choisir votre mot de passe, ouvrez le lien ci-dessous (valable ${input.validDays} jours, une seule fois).`,
      `Pour vous connecter ensuite :\nAdresse : ${input.staffUrl}\nIdentifiant : ${input.login}\nMot de passe : celui que vous aurez choisi.`,
      `Si ce lien a expiré, demandez à l’administrateur de vous en envoyer un nouveau.`,
    ],
    { label: 'Choisir mon mot de passe', url: input.link },
  )
}

export function resetMail(input: {
  site: MailSite
  guardian: MailGuardian
  login: string
  link: string
}): Mail {
  return compose(
    input.site,
    `Mot de passe perdu — ${input.site.name}`,
    [
      `${greeting(input.guardian)}\n\nVous avez demandé à choisir un nouveau mot de passe pour le portail des familles (site « ${input.site.name} », identifiant « ${input.login} »). Ouvrez le lien ci-dessous : il est valable une heure et ne sert qu’une fois.`,
      `Votre mot de passe actuel reste valable tant que vous n’avez pas utilisé ce lien. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.`,
    ],
    { label: 'Choisir un nouveau mot de passe', url: input.link },
  )
}

export function passwordChangedMail(input: {
  site: MailSite
  guardian: MailGuardian
  login: string
  portalUrl: string
}): Mail {
  return compose(input.site, `Votre mot de passe a été modifié — ${input.site.name}`, [
    `${greeting(input.guardian)}\n\nLe mot de passe de votre accès au portail des familles (site « ${input.site.name} », identifiant « ${input.login} ») a été modifié. Vos autres sessions ouvertes ont été fermées.`,
    `Si vous n’êtes pas à l’origine de cette modification, utilisez « Mot de passe perdu » sur ${input.portalUrl} et prévenez le secrétariat.`,
  ])
}

export function testMail(input: { site: MailSite }): Mail {
  return compose(input.site, `Portée — message d’essai`, [
    `Bonjour,\n\nCe message d’essai confirme que Portée peut envoyer des courriels avec les paramètres enregistrés.`,
  ])
}

/** "Accusé de réception" (loi du 12 avril 2000): the family's request is received. */
export function acknowledgementMail(input: {
  site: MailSite
  guardian: MailGuardian
  recordName: string
  lines: string[]
}): Mail {
  return compose(
    input.site,
    `Accusé de réception de votre demande de modification — ${input.site.name}`,
    [
      `${greeting(input.guardian)}\n\nNous avons bien reçu votre demande de modification de ${input.recordName}. Elle sera examinée par le secrétariat, qui vous informera de sa décision.`,
      `Valeurs demandées :\n${input.lines.join('\n')}`,
      `Si vous complétez votre demande dans les minutes qui viennent, vous ne recevrez pas d’autre accusé de réception : le secrétariat examinera la demande à jour.`,
    ],
  )
}

/** The secretariat's decision on a request: what was accepted and what was refused. */
export function decisionMail(input: {
  site: MailSite
  guardian: MailGuardian
  recordName: string
  accepted: string[]
  refused: string[]
  /** What still waits for a decision (the secretariat decided on part of the request). */
  waiting: string[]
  comment: string
}): Mail {
  const paragraphs = [
    `${greeting(input.guardian)}\n\nLe secrétariat a examiné votre demande de modification de ${input.recordName}.`,
  ]
  if (input.accepted.length)
    paragraphs.push(`Modifications acceptées :\n${input.accepted.join('\n')}`)
  if (input.refused.length) paragraphs.push(`Modifications refusées :\n${input.refused.join('\n')}`)
  if (input.waiting.length)
    paragraphs.push(
      `Toujours en attente de la décision du secrétariat :\n${input.waiting.join('\n')}`,
    )
  if (input.comment) paragraphs.push(`Message du secrétariat :\n${input.comment}`)
  return compose(
    input.site,
    input.waiting.length
      ? `Votre demande de modification a été traitée en partie — ${input.site.name}`
      : `Votre demande de modification a été traitée — ${input.site.name}`,
    paragraphs,
  )
}
