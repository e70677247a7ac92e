// Run by the entrypoint before pm2-runtime: a bad environment stops the container with one
// message and exit code 1, where pm2 would restart the failing app forever. Loads only the env
// checks (zod), not Vendure, so it adds a fraction of a second to a start; with ASSET_STORAGE=s3
// also the AWS SDK, to try the bucket (a few requests) before pm2 could loop on a bad S3 setting.
'use strict';

const { assertStartableEnv } = require('@vendure-scale/cluster/dist/env/preflight');
const { EnvError } = require('@vendure-scale/cluster/dist/env/read-env');
const { shopEnvProblems, shopEnvShape, shopSecretSettings } = require('@vendure-scale/shop/dist/shop-env');

async function main() {
    const env = assertStartableEnv(process.env, { extend: shopEnvShape, secretSettings: shopSecretSettings });
    // Rules between the shop's settings (S3_BUCKET with ASSET_STORAGE=s3, say), as shopConfig checks them.
    const problems = shopEnvProblems(env);
    if (problems.length) {
        throw new EnvError(problems);
    }
    if (env.ASSET_STORAGE === 's3') {
        const { checkS3Bucket } = require('@vendure-scale/shop/dist/assets/s3-bucket-check');
        await checkS3Bucket(env);
    }
}

main().catch(error => {
    console.error(error.message);
    process.exit(1);
});
