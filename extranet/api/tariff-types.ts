// Types of the billing API: tariffs part.
export {}
