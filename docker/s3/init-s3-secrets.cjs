// compose.s3.yaml's `s3-secrets` job: adds the S3 key pair to the stack's `secrets` volume, as
// docker/init-secrets.cjs does for the other secrets. For each: a value set in the environment
// (.env) is written as given, else the file from an earlier run is kept, else a random one is
// generated (which only the local S3 service, reading the same files, can accept). Runs as the
// app user after the `secrets` job, which leaves the directory to that user; prints no value.
'use strict';

const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const DIR = process.env.SECRETS_DIR || '/run/secrets';
const SECRETS = [
    // An access key id of the shape AWS uses (20 upper-case letters and digits).
    { file: 's3_access_key_id', from: 'S3_ACCESS_KEY_ID', generate: () => `AK${randomBytes(9).toString('hex').toUpperCase()}` },
    { file: 's3_secret_access_key', from: 'S3_SECRET_ACCESS_KEY', generate: () => randomBytes(30).toString('base64url') },
];

function fail(message) {
    console.error(`init-s3-secrets: error: ${message}`);
    process.exit(1);
}

function existing(file) {
    try {
        const value = fs.readFileSync(path.join(DIR, file), 'utf8');
        return value.trim() === '' ? undefined : value;
    } catch (error) {
        if (error.code === 'ENOENT') return undefined;
        throw error;
    }
}

/** Written to a temporary name and renamed, so that a crash never leaves half a secret behind; 0400. */
function writeAtomically(file, content) {
    const temporary = path.join(DIR, `.${file}.tmp`);
    fs.rmSync(temporary, { force: true });
    fs.writeFileSync(temporary, content, { mode: 0o400, flag: 'wx' });
    fs.renameSync(temporary, path.join(DIR, file));
}

try {
    for (const { from } of SECRETS) {
        if (/[\0\r\n]/.test(process.env[from] ?? '')) fail(`${from} contains a line break or NUL character; set it without one`);
    }
    for (const { file, from, generate } of SECRETS) {
        const given = process.env[from];
        const kept = existing(file);
        const [value, how] = given ? [given, `from ${from}`] : kept !== undefined ? [kept, 'kept'] : [generate(), 'generated'];
        if (value !== kept) writeAtomically(file, value);
        console.log(`init-s3-secrets: ${file}: ${how}`);
    }
} catch (error) {
    // A path and a code, never a value.
    fail(`${error.code ?? error.name}: ${error.message}`);
}
