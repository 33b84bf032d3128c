// The demo conservatoire's identity: fictional, French, with a small SVG logo of its own.
import { DEFAULT_HOME_TEXT } from '../rules/conservatoire.ts'

/** A stave and a note, drawn here: no script, no reference outside the file. */
export const DEMO_LOGO_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">
  <title>Conservatoire du Golfe</title>
  <rect width="120" height="120" rx="24" fill="#1d4f91"/>
  <g stroke="#ffffff" stroke-width="3" opacity="0.85">
    <line x1="14" y1="42" x2="106" y2="42"/>
    <line x1="14" y1="56" x2="106" y2="56"/>
    <line x1="14" y1="70" x2="106" y2="70"/>
    <line x1="14" y1="84" x2="106" y2="84"/>
  </g>
  <ellipse cx="52" cy="84" rx="13" ry="10" transform="rotate(-20 52 84)" fill="#f2c14e"/>
  <rect x="62" y="24" width="5" height="60" fill="#f2c14e"/>
  <path d="M67 24 q18 8 14 28 q-4 -12 -14 -14 z" fill="#f2c14e"/>
</svg>
`

export const DEMO_CONSERVATOIRE = {
  id: 1,
  name: 'Conservatoire de musique, danse et théâtre du Golfe',
  address: '12 avenue des Arts',
  postal_code: '83310',
  city: 'COGOLIN',
  phone: '04 94 00 12 34',
  email: 'conservatoire@example.org',
  website: 'https://conservatoire-du-golfe.example.org/',
  siret: '29999900000019',
  controller_name: 'Le président de la communauté de communes du Golfe',
  controller_email: 'direction@example.org',
  dpo_name: 'Délégué à la protection des données du Golfe',
  dpo_email: 'dpo@example.org',
  home_text: DEFAULT_HOME_TEXT,
  logo: Buffer.from(DEMO_LOGO_SVG, 'utf8'),
  logo_type: 'image/svg+xml',
  logo_version: 'demo-2026',
}
