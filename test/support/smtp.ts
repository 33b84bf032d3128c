import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface CaughtMail {
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  messageId: string
}

export interface SmtpCatcher {
  url: string
  port: number
  mails: CaughtMail[]
  /** Answers the next RCPT TO commands with this SMTP error (452, 550…) while it is set. */
  failWith: { code: number; message: string } | null
  /** Waits until `count` mails have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<CaughtMail[]>
  close(): Promise<void>
}

/**
 * A real SMTP server in-process, on loopback, that keeps every mail it receives; on a given port
 * to stand for a server that comes back after a breakdown.
 */
export async function startSmtpCatcher(port = 0): Promise<SmtpCatcher> {
  const catcher: SmtpCatcher = {
    url: '',
    port: 0,
    mails: [],
    failWith: null,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs
      while (catcher.mails.length < count) {
        if (Date.now() > until)
          throw new Error(`expected ${count} mails, got ${catcher.mails.length}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      return catcher.mails
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const failure = catcher.failWith
      if (failure) {
        const err = new Error(failure.message) as Error & { responseCode: number }
        err.responseCode = failure.code
        callback(err)
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          catcher.mails.push({
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
          })
          callback()
        })
        .catch((err: Error) => callback(err))
    },
  })
  // A sender killed in the middle of a mail (the crash test) resets its connection: that is the
  // client's doing, not a failure of the catcher; the mail it was sending is simply not caught.
  server.on('error', () => undefined)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  const address = server.server.address()
  catcher.port = typeof address === 'object' && address ? address.port : 0
  catcher.url = `smtp://127.0.0.1:${catcher.port}`
  return catcher
}

/** The one-time link of a mail of Portée. */
export function linkIn(mail: CaughtMail | undefined): string {
  if (!mail) throw new Error('no mail')
  const match = /https?:\/\/\S+choisir-mot-de-passe\?jeton=[\w-]+/.exec(mail.text)
  if (!match) throw new Error(`no link in: ${mail.text}`)
  return match[0]
}

export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('jeton') ?? ''
}
