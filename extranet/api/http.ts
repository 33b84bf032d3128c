import type { ApiErrorBody, ApiErrorCode } from './types.ts'

/** Half of a surrogate pair without its other half (encodeURIComponent throws on it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** An error answered by the API, with its stable code and French message. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ApiErrorCode
  readonly details: Record<string, string>

  constructor(status: number, body: Partial<ApiErrorBody>) {
    super(body.message ?? 'Une erreur inattendue est survenue. Réessayez dans un instant.')
    this.name = 'ApiError'
    this.status = status
    this.code = body.code ?? 'INTERNAL'
    this.details = body.details ?? {}
  }
}

/** What a failed call says to the user: the API's French message and its messages by field. */
export function failureOf(err: unknown): { message: string; details: Record<string, string> } {
  return err instanceof ApiError
    ? { message: err.message, details: err.details }
    : { message: 'Une erreur inattendue est survenue.', details: {} }
}

export type Listener = (error: ApiError) => void

type Query = Record<string, string | number | undefined>

/** A file answered by the server. */
export interface Download {
  blob: Blob
  filename: string
}

function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

const unreachable = () =>
  new ApiError(0, {
    code: 'INTERNAL',
    message: 'Le serveur ne répond pas. Vérifiez votre connexion et réessayez.',
  })

/** The one small fetch wrapper under both typed clients. */
export class Http {
  private unauthorizedListener: Listener | null = null

  /** Called when the server says the session is over (401), wherever the call came from. */
  onUnauthorized(listener: Listener): void {
    this.unauthorizedListener = listener
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>('GET', withQuery(path, query))
  }

  /** A file the server answers (an export): its bytes and the name it gives it. */
  async download(path: string, query?: Query): Promise<Download> {
    let response: Response
    try {
      response = await fetch(withQuery(path, query), { credentials: 'same-origin' })
    } catch {
      throw unreachable()
    }
    if (!response.ok) {
      const payload: unknown = await response.json().catch(() => ({}))
      const error = new ApiError(response.status, payload as Partial<ApiErrorBody>)
      if (response.status === 401) this.unauthorizedListener?.(error)
      throw error
    }
    const disposition = response.headers.get('content-disposition') ?? ''
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export'
    return { blob: await response.blob(), filename }
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body)
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body)
  }

  delete<T>(path: string): Promise<T> {
    return this.send<T>('DELETE', path)
  }

  /** POST of a form with a file (multipart/form-data: the browser writes its boundary). */
  postForm<T>(path: string, form: FormData): Promise<T> {
    return this.postBody<T>(path, form, { accept: 'application/json' })
  }

  /**
   * POST of a file as the body itself, as the browser reads it from the disk; its name in the
   * header `nameHeader` (percent-encoded: a header holds ASCII only).
   */
  postFile<T>(path: string, file: File, nameHeader: string): Promise<T> {
    return this.postBody<T>(path, file, {
      accept: 'application/json',
      'content-type': 'application/octet-stream',
      // A lone half of a surrogate pair (a name cut by some system) cannot be encoded: U+FFFD.
      [nameHeader]: encodeURIComponent(file.name.replace(LONE_SURROGATE, '\uFFFD')),
    })
  }

  private async postBody<T>(
    path: string,
    body: FormData | Blob,
    headers: Record<string, string>,
  ): Promise<T> {
    let response: Response
    try {
      response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body })
    } catch {
      throw unreachable()
    }
    return this.answer<T>(response, 'POST', path)
  }

  /**
   * POST, then the answer read as lines of JSON while they come (a long import's progress);
   * a line `{ error }` is thrown as an ApiError.
   */
  async postLines<T extends object>(
    path: string,
    body: unknown,
    onLine: (line: T) => void,
  ): Promise<void> {
    const response = await this.fetch('POST', path, body)
    if (!response.ok || !response.body) await this.answer(response, 'POST', path)
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader()
    let pending = ''
    const emit = (text: string) => {
      if (text.trim() === '') return
      const line = JSON.parse(text) as T | { error: ApiErrorBody }
      if ('error' in line) throw new ApiError(line.error.statusCode, line.error)
      onLine(line as T)
    }
    for (;;) {
      const chunk = await reader?.read()
      if (!chunk || chunk.done) break
      const parts = (pending + chunk.value).split('\n')
      pending = parts.pop() ?? ''
      parts.forEach(emit)
    }
    emit(pending)
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(path, {
        method,
        credentials: 'same-origin',
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      })
    } catch {
      throw unreachable()
    }
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.answer<T>(await this.fetch(method, path, body), method, path)
  }

  private async answer<T>(response: Response, method: string, path: string): Promise<T> {
    if (response.status === 204) return undefined as T
    const payload: unknown = await response.json().catch(() => ({}))
    if (!response.ok) {
      const error = new ApiError(response.status, payload as Partial<ApiErrorBody>)
      const isLogin = method === 'POST' && path.endsWith('/session')
      if (response.status === 401 && !isLogin) this.unauthorizedListener?.(error)
      throw error
    }
    return payload as T
  }
}
