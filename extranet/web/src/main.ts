import { createApp } from 'vue'
import App from './App.vue'
import { applyAccessibility } from './accessibility.ts'
import { router } from './router.ts'
import { PORTAL_THEME, vuetify } from './vuetify.ts'
import '../../../ui/base.css'
import '../../../ui/forms.css'
import './accessibility.css'

applyAccessibility(vuetify.theme, PORTAL_THEME)
createApp(App).use(router).use(vuetify).mount('#app')
