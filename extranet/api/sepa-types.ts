// Types of the billing API: SEPA part.
export {}
