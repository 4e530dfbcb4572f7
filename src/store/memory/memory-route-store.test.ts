import { routeStoreContract } from '../contract/route-store.contract.js'
import { MemoryRouteStore } from './memory-route-store.js'

routeStoreContract('memory', async () => ({ store: new MemoryRouteStore(), close: async () => {} }))
