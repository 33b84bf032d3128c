// Types of the billing API: invoicing and PDF parts (shared: add, do not rename).
export {}
