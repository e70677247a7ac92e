// Run by the entrypoint before pm2-runtime: a bad environment stops the container with one
// message and exit code 1, where pm2 would restart the failing app forever. Loads only the env
// checks (zod), not Vendure, so it adds a fraction of a second to a start.
'use strict';

const { assertStartableEnv } = require('@vendure-scale/cluster/dist/env/preflight');
const { shopEnvShape } = require('@vendure-scale/shop/dist/shop-env');

try {
    assertStartableEnv(process.env, { extend: shopEnvShape });
} catch (error) {
    console.error(error.message);
    process.exit(1);
}
