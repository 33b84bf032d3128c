import { describe, expect, it } from 'vitest'
import { checkIdentityField, isValidSiret, textBlocks } from '../../db/rules/conservatoire.ts'
import { checkLogo, svgRefusal } from '../../db/rules/logo.ts'
import { DEMO_LOGO_SVG } from '../../db/demo/conservatoire.ts'

const SVG = (inner: string, attrs = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg"${attrs}>${inner}</svg>`
const bytes = (text: string) => new TextEncoder().encode(text)

describe('the SIRET', () => {
  it('has 14 digits and a right Luhn key', () => {
    expect(isValidSiret('73282932000074')).toBe(true)
    expect(isValidSiret('29999900000019')).toBe(true)
    // One digit changed, two digits swapped, one missing: refused.
    expect(isValidSiret('73282932000075')).toBe(false)
    expect(isValidSiret('37282932000074')).toBe(false)
    expect(isValidSiret('7328293200007')).toBe(false)
    expect(isValidSiret('7328293200007a')).toBe(false)
  })

  it('is kept without its spaces', () => {
    const field = { key: 'siret', label: 'SIRET', kind: 'siret' } as const
    expect(checkIdentityField(field, ' 732 829 320 00074 ')).toEqual({
      ok: true,
      value: '73282932000074',
    })
    expect(checkIdentityField(field, '')).toEqual({ ok: true, value: '' })
  })
})

describe('the Accueil text', () => {
  it('makes paragraphs and lists, never HTML', () => {
    expect(
      textBlocks('Bonjour,\nbienvenue.\n\nVous pouvez :\n- lire\n• écrire\n\n<b>gras</b>'),
    ).toEqual([
      { kind: 'paragraph', text: 'Bonjour,\nbienvenue.' },
      { kind: 'paragraph', text: 'Vous pouvez :' },
      { kind: 'list', items: ['lire', 'écrire'] },
      { kind: 'paragraph', text: '<b>gras</b>' },
    ])
  })
})

describe('the logo, checked by its content', () => {
  it('knows PNG and JPEG by their signatures, whatever the rest', () => {
    const png = [
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]
    expect(checkLogo(new Uint8Array(png))).toEqual({ ok: true, type: 'image/png' })
    expect(checkLogo(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({
      ok: true,
      type: 'image/jpeg',
    })
    expect(checkLogo(new Uint8Array(png.slice(0, 12)))).toEqual({
      ok: false,
      error: 'Ce fichier PNG est abîmé.',
    })
    expect(checkLogo(bytes('GIF89a'))).toEqual({
      ok: false,
      error: 'Le logo doit être une image PNG, JPEG ou SVG.',
    })
    expect(checkLogo(new Uint8Array(0))).toEqual({
      ok: false,
      error: 'Le fichier du logo est vide.',
    })
  })

  it('takes the demo logo and plain drawings', () => {
    expect(checkLogo(bytes(DEMO_LOGO_SVG))).toEqual({ ok: true, type: 'image/svg+xml' })
    expect(svgRefusal(SVG('<!-- un commentaire --><style>rect{fill:url(#g)}</style><rect/>'))).toBe(
      null,
    )
    expect(svgRefusal(SVG('<text>Tom &amp; Léa &#233;</text>'))).toBe(null)
  })

  const refused = (why: string) => `Le logo SVG est refusé : ${why}.`
  const outside = refused('il fait référence à un fichier ou une adresse extérieurs')
  const invalid = refused('ce n’est pas un fichier SVG valide')
  const cases: Record<string, string> = {
    [SVG('<SCRIPT>alert(1)</SCRIPT>')]: refused('il contient un script'),
    [SVG('<s:script xmlns:s="http://www.w3.org/2000/svg"/>')]: refused('il contient un script'),
    [SVG('<rect onClick="alert(1)"/>')]: refused(
      'il contient un attribut d’événement (comme onload)',
    ),
    [SVG('<foreignObject/>')]: refused('il contient un élément foreignObject'),
    [SVG('<use href="sprite.svg#a"/>')]: outside,
    [SVG('<a xlink:href=" javascript:alert(1)"/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"')]:
      outside,
    [SVG('<rect style="fill:url(https://pisteur.example.com/x)"/>')]: outside,
    [SVG('<style>@import "https://pisteur.example.com/x.css";</style>')]: outside,
    [SVG('<style><![CDATA[rect{fill:url( "http://x.example.com/a" )}]]></style>')]: outside,
    [SVG('<a><set attributeName="href" to="javascript:alert(1)"/></a>')]: refused(
      'il contient une animation de lien',
    ),
    ['<?xml-stylesheet href="https://x.example.com/a.css"?>' + SVG('')]: refused(
      'il contient une instruction de traitement',
    ),
    ['<!DOCTYPE svg>' + SVG('')]: refused(
      'il contient une déclaration de document (DOCTYPE ou ENTITY)',
    ),
    ['<html><body/></html>']: refused(
      'ce n’est pas une image SVG (élément <svg> de l’espace de noms SVG)',
    ),
    ['<svg><rect/></svg>']: refused(
      'ce n’est pas une image SVG (élément <svg> de l’espace de noms SVG)',
    ),
    [SVG('<rect width="1" width="2"/>')]: invalid,
    [SVG('<rect/>') + '<svg xmlns="http://www.w3.org/2000/svg"/>']: invalid,
    [SVG('<text>&nbsp;</text>')]: invalid,
    [SVG('<g><rect></g></rect>')]: invalid,
    [SVG('<rect fill="a<b"/>')]: invalid,
  }
  it('refuses scripts, events, foreignObject, outside references and what is not SVG', () => {
    for (const [svg, message] of Object.entries(cases)) expect(svgRefusal(svg), svg).toBe(message)
  })
})
