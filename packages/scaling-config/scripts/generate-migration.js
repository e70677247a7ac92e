#!/usr/bin/env node
// Writes a new TypeORM migration into src/migrations from the difference between the entities of
// the full configuration and the database named by the DB_* variables (migrated to the latest).
//   npm run build -w @vendure-scale/scaling-config && \
//   node packages/scaling-config/scripts/generate-migration.js <name>
// JOB_QUEUE=database is forced so that the schema also holds the database queue's tables: one set
// of migrations then serves both queue modes.
const path = require('node:path');
const { generateMigration } = require('@vendure/core');
const { buildVendureConfig, readEnv } = require('../dist');

const name = process.argv[2];
if (!name) {
    console.error('usage: generate-migration.js <name>');
    process.exit(2);
}
const env = readEnv({ ...process.env, JOB_QUEUE: 'database' });
generateMigration(buildVendureConfig(env, 'migrate'), {
    name,
    outputDir: path.join(__dirname, '..', 'src', 'migrations'),
}).then(
    () => process.exit(0),
    error => {
        console.error(error);
        process.exit(1);
    },
);
