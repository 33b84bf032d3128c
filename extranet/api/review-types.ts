// A pupil's réinscription as staff review it.
export {}
