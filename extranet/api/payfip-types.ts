// Types of the billing API: PayFiP part.
export {}
