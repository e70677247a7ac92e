#!/usr/bin/env node
// Writes a new TypeORM migration into src/migrations from the difference between the shop's
// entities and the database named by the DB_* variables (migrated to the latest):
//   npx nx build shop && node packages/shop/scripts/generate-migration.js <name>
const path = require('node:path');
const { generateMigration } = require('@vendure/core');
const { readEnv } = require('@vendure-scale/cluster');
const { shopConfig, shopEnvShape } = require('../dist');

const name = process.argv[2];
if (!name) {
    console.error('usage: generate-migration.js <name>');
    process.exit(2);
}
const env = readEnv(process.env, { extend: shopEnvShape });
generateMigration(shopConfig(env, 'migrate'), {
    name,
    outputDir: path.join(__dirname, '..', 'src', 'migrations'),
}).then(
    () => process.exit(0),
    error => {
        console.error(error);
        process.exit(1);
    },
);
