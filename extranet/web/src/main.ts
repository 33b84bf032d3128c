import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.ts'
import { vuetify } from './vuetify.ts'
import '../../../ui/forms.css'

createApp(App).use(router).use(vuetify).mount('#app')
