import { createApp } from 'vue'
import App from './App.vue'
import { tableName } from './directives.ts'
import { router } from './router.ts'
import { vuetify } from './vuetify.ts'
import '../../ui/base.css'
import '../../ui/forms.css'
import './print.css'

createApp(App).directive('table-name', tableName).use(router).use(vuetify).mount('#app')
