// The réinscription campaigns as the back office sees them.
export {}
