// The conservatoire's logo: its type is decided by its bytes, never by its name. PNG and JPEG by
// their signatures; an SVG must parse as SVG (well-formed XML, an <svg> root in the SVG
// namespace) and holds nothing that could run or fetch: no script, no event attribute, no
// foreignObject, no reference outside the file itself. Pure: the server decides, the back office
// says the same before sending.

export const LOGO_MAX_BYTES = 500 * 1024
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const
export type LogoType = (typeof LOGO_TYPES)[number]

export type LogoCheck = { ok: true; type: LogoType } | { ok: false; error: string }

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const SVG_NS = 'http://www.w3.org/2000/svg'

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b)
}

/** Checks a logo's bytes: its type, or why it is refused, in French. */
export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.length === 0) return { ok: false, error: 'Le fichier du logo est vide.' }
  if (bytes.length > LOGO_MAX_BYTES) {
    return { ok: false, error: 'Le logo est trop lourd : 500 Ko au plus.' }
  }
  // PNG: its signature, then the IHDR chunk that must come first.
  if (startsWith(bytes, PNG)) {
    return startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12)
      ? { ok: true, type: 'image/png' }
      : { ok: false, error: 'Ce fichier PNG est abîmé.' }
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, type: 'image/jpeg' }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, error: 'Le logo doit être une image PNG, JPEG ou SVG.' }
  }
  if (!/^\uFEFF?\s*</.test(text)) {
    return { ok: false, error: 'Le logo doit être une image PNG, JPEG ou SVG.' }
  }
  const refusal = svgRefusal(text.replace(/^\uFEFF/, ''))
  return refusal ? { ok: false, error: refusal } : { ok: true, type: 'image/svg+xml' }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** The text of a value with its character references resolved; null if one is not XML. */
function decodeEntities(raw: string): string | null {
  let bad = false
  const text = raw.replace(/&([^;\s&<]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) bad = true
    const numeric = /^#(?:x([0-9a-f]+)|(\d+))$/i.exec(ref)
    if (numeric) {
      const code = numeric[1] ? parseInt(numeric[1], 16) : Number(numeric[2])
      if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code)
      bad = true
      return ''
    }
    const named = ENTITIES[ref]
    if (named === undefined) bad = true
    return named ?? ''
  })
  return bad ? null : text
}

const NAME = /^[A-Za-z_][\w.:-]*/
const FORBIDDEN_ELEMENTS: Record<string, string> = {
  script: 'il contient un script',
  foreignobject: 'il contient un élément foreignObject',
  iframe: 'il contient un cadre',
  embed: 'il contient un objet externe',
  object: 'il contient un objet externe',
  handler: 'il contient un script',
  listener: 'il contient un script',
}
const ANIMATIONS = new Set(['set', 'animate', 'animatetransform', 'animatemotion'])

const localName = (name: string) => (name.split(':').pop() ?? name).toLowerCase()

/** Every url(…) of a text points inside the file (#id), and nothing is imported. */
function refersOutside(text: string): boolean {
  if (/@import/i.test(text)) return true
  for (const m of text.matchAll(/url\(\s*(['"]?)\s*([^'")\s]*)/gi)) {
    if (!(m[2] ?? '').startsWith('#')) return true
  }
  return false
}

/** Why an attribute is refused, or null. */
function attributeRefusal(element: string, name: string, value: string): string | null {
  const local = localName(name)
  if (local.startsWith('on')) return 'il contient un attribut d’événement (comme onload)'
  if ((local === 'href' || local === 'src') && !value.trim().startsWith('#')) {
    return 'il fait référence à un fichier ou une adresse extérieurs'
  }
  if (refersOutside(value)) return 'il fait référence à un fichier ou une adresse extérieurs'
  if (ANIMATIONS.has(element) && local === 'attributename') {
    const target = localName(value.trim())
    if (target.startsWith('on') || target === 'href') return 'il contient une animation de lien'
  }
  return null
}

interface Cursor {
  text: string
  pos: number
}

/** Reads a start tag at the cursor (after "<"): its name, its attributes, whether it closes itself. */
function readStartTag(
  c: Cursor,
): { name: string; attributes: Map<string, string>; selfClosing: boolean } | string {
  const name = NAME.exec(c.text.slice(c.pos))?.[0]
  if (!name) return 'ce n’est pas un fichier SVG valide'
  c.pos += name.length
  const attributes = new Map<string, string>()
  for (;;) {
    const space = /^\s*/.exec(c.text.slice(c.pos))?.[0] ?? ''
    c.pos += space.length
    if (c.text.startsWith('/>', c.pos)) {
      c.pos += 2
      return { name, attributes, selfClosing: true }
    }
    if (c.text.startsWith('>', c.pos)) {
      c.pos += 1
      return { name, attributes, selfClosing: false }
    }
    const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*(["'])/.exec(c.text.slice(c.pos))
    if (!attr || !space || attributes.has(attr[1] ?? ''))
      return 'ce n’est pas un fichier SVG valide'
    c.pos += attr[0].length
    const end = c.text.indexOf(attr[2] ?? '"', c.pos)
    if (end < 0) return 'ce n’est pas un fichier SVG valide'
    const raw = c.text.slice(c.pos, end)
    const value = raw.includes('<') ? null : decodeEntities(raw)
    if (value === null) return 'ce n’est pas un fichier SVG valide'
    attributes.set(attr[1] ?? '', value)
    c.pos = end + 1
  }
}

/** Why this SVG text is refused, or null when it may be the logo. */
export function svgRefusal(text: string): string | null {
  const refuse = (why: string) => `Le logo SVG est refusé : ${why}.`
  const invalid = refuse('ce n’est pas un fichier SVG valide')
  const c: Cursor = { text, pos: 0 }
  const open: { name: string; local: string }[] = []
  let rootDone = false
  if (/^<\?xml\s/.test(text)) {
    const end = text.indexOf('?>')
    if (end < 0) return invalid
    c.pos = end + 2
  }
  while (c.pos < text.length) {
    const current = open.at(-1)
    if (text.startsWith('<!--', c.pos)) {
      const end = text.indexOf('-->', c.pos + 4)
      if (end < 0) return invalid
      c.pos = end + 3
    } else if (text.startsWith('<![CDATA[', c.pos)) {
      const end = text.indexOf(']]>', c.pos)
      if (end < 0 || !current) return invalid
      if (refersOutside(text.slice(c.pos + 9, end))) {
        return refuse('il fait référence à un fichier ou une adresse extérieurs')
      }
      c.pos = end + 3
    } else if (text.startsWith('<!', c.pos)) {
      return refuse('il contient une déclaration de document (DOCTYPE ou ENTITY)')
    } else if (text.startsWith('<?', c.pos)) {
      return refuse('il contient une instruction de traitement')
    } else if (text.startsWith('</', c.pos)) {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(text.slice(c.pos))
      if (!m || !current || m[1] !== current.name) return invalid
      open.pop()
      if (open.length === 0) rootDone = true
      c.pos += m[0].length
    } else if (text.startsWith('<', c.pos)) {
      if (rootDone) return invalid
      c.pos += 1
      const tag = readStartTag(c)
      if (typeof tag === 'string') return refuse(tag)
      const local = localName(tag.name)
      if (!current && (tag.name !== 'svg' || tag.attributes.get('xmlns') !== SVG_NS)) {
        return refuse('ce n’est pas une image SVG (élément <svg> de l’espace de noms SVG)')
      }
      const forbidden = FORBIDDEN_ELEMENTS[local]
      if (forbidden) return refuse(forbidden)
      for (const [name, value] of tag.attributes) {
        const why = attributeRefusal(local, name, value)
        if (why) return refuse(why)
      }
      if (tag.selfClosing) {
        if (!current) rootDone = true
      } else open.push({ name: tag.name, local })
    } else {
      const end = text.indexOf('<', c.pos)
      const chunk = text.slice(c.pos, end < 0 ? text.length : end)
      if (!current && chunk.trim() !== '') return invalid
      const decoded = decodeEntities(chunk)
      if (decoded === null) return invalid
      if (current?.local === 'style' && refersOutside(decoded)) {
        return refuse('il fait référence à un fichier ou une adresse extérieurs')
      }
      c.pos += chunk.length
    }
  }
  return rootDone && open.length === 0 ? null : invalid
}
