// The family's Réinscription tab.
export {}
