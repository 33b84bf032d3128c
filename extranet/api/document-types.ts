// A pupil's documents (Documents tab, both apps).
export {}
