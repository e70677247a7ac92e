// The example shop's public API: its config, its settings and its sample data.
export { shopConfig, type Role, type ShopEnv } from './shop-config';
export { shopEnvProblems, shopEnvShape, shopSecretSettings, type ShopSettings } from './shop-env';
export { sampleCatalogue } from './sample-catalogue';
