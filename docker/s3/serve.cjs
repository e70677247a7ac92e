// A local S3 API for development and the tests: s3rver, an S3-compatible server from the npm
// registry (no MinIO image can be pulled here, nor installed from Debian). It keeps objects as
// files under S3_DATA_DIR, creates the buckets in S3_BUCKETS at start, and accepts the one key
// pair given as S3_ACCESS_KEY_ID(_FILE) and S3_SECRET_ACCESS_KEY(_FILE), as the app reads them.
// Not for production: s3rver checks that an access key id exists, not the request's signature.
'use strict';

const fs = require('node:fs');

const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

function fail(message) {
    console.error(`s3: error: ${message}`);
    process.exit(1);
}

/** NAME, or the content of the file NAME_FILE names (one trailing newline dropped), as the app reads secrets. */
function setting(name) {
    const file = process.env[`${name}_FILE`];
    if (file) {
        try {
            return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
        } catch (error) {
            fail(`${name}_FILE: cannot read ${file} (${error.code ?? 'error'})`);
        }
    }
    return process.env[name] || fail(`${name} or ${name}_FILE is required`);
}

const accessKeyId = setting('S3_ACCESS_KEY_ID');
const secretAccessKey = setting('S3_SECRET_ACCESS_KEY');
const buckets = (process.env.S3_BUCKETS || 'vendure-assets')
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);

// Only the configured key pair: s3rver's built-in S3RVER/S3RVER is public knowledge.
DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);

const server = new S3rver({
    address: process.env.S3_ADDRESS || '0.0.0.0',
    port: Number(process.env.S3_PORT || 4568),
    directory: process.env.S3_DATA_DIR || '/var/lib/s3',
    // Every request logged would drown the stack's logs.
    silent: true,
    // Path-style only: with virtual hosts on, s3rver takes a host name such as `s3` (the compose
    // service) for a bucket's name, and every request would go to a bucket called "s3".
    vhostBuckets: false,
    configureBuckets: buckets.map(name => ({ name })),
});

server.run().then(
    ({ address, port }) => console.log(`s3: listening on ${address}:${port}, buckets: ${buckets.join(', ')}`),
    error => fail(error.message),
);

for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
        server.close().then(
            () => process.exit(0),
            () => process.exit(0),
        );
    });
}
