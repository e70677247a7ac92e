// The compose stack's `secrets` job: fills the `secrets` volume with one file per secret, so that
// `cp .env.example .env && docker compose up` needs no secret written by hand and no service holds
// one in its environment. For each secret: a value set in the environment (.env) is written as
// given, else the file already in the volume is kept, else a random one is generated.
// Run once before every other service (compose.yaml); prints which it did, never a value.
'use strict';

const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const DIR = process.env.SECRETS_DIR || '/run/secrets';
// The official postgres and redis images (Debian) run their servers as uid/gid 999: that group
// may read what Postgres and Redis need and nothing else. Their alpine variants use other ids.
const DATA_GID = Number(process.env.SECRETS_DATA_GID || 999);
const APP_USER = 'node';

/**
 * file: its name in the volume; from: the variable that may give its value; mode and group:
 * who may read it besides the app user that owns it. Owner-read only (0400) where only the apps
 * read it; 0440 with the data services' group where Postgres or Redis do. No file is writable
 * once written, and the directory is 0750, so no other uid can even list it.
 */
const SECRETS = [
    { file: 'cookie_secret', from: 'COOKIE_SECRET', mode: 0o400 },
    { file: 'superadmin_password', from: 'SUPERADMIN_PASSWORD', mode: 0o400 },
    { file: 'db_password', from: 'DB_PASSWORD', mode: 0o440, group: DATA_GID },
    { file: 'redis_password', from: 'REDIS_PASSWORD', mode: 0o400 },
];

function fail(message) {
    console.error(`init-secrets: error: ${message}`);
    process.exit(1);
}

/**
 * Started as root (a fresh named volume belongs to root), it gives the volume to the app user and
 * steps down to it at once, as the official images' entrypoints do with gosu: everything after
 * runs unprivileged. Its only capabilities, CHOWN, SETUID and SETGID, end with setuid.
 */
function stepDown() {
    if (process.getuid() !== 0) {
        return;
    }
    fs.chownSync(DIR, uidOf(APP_USER), DATA_GID);
    process.setgroups([DATA_GID]);
    process.setgid(APP_USER);
    process.setuid(APP_USER);
    if (process.getuid() === 0) {
        fail('could not step down from root');
    }
}

function uidOf(user) {
    const line = fs
        .readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find(entry => entry.startsWith(`${user}:`));
    if (!line) {
        fail(`no user ${user} in /etc/passwd`);
    }
    return Number(line.split(':')[2]);
}

/** Written to a temporary name and renamed, so that a crash never leaves half a secret behind. */
function writeAtomically(file, content, mode, group) {
    const target = path.join(DIR, file);
    const temporary = path.join(DIR, `.${file}.tmp`);
    fs.rmSync(temporary, { force: true });
    fs.writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
    setAccess(temporary, mode, group);
    fs.renameSync(temporary, target);
}

function setAccess(file, mode, group) {
    if (group !== undefined) {
        fs.chownSync(file, -1, group);
    }
    fs.chmodSync(file, mode);
}

function existing(file) {
    try {
        const value = fs.readFileSync(path.join(DIR, file), 'utf8');
        return value.trim() === '' ? undefined : value;
    } catch (error) {
        if (error.code === 'ENOENT') {
            return undefined;
        }
        throw error;
    }
}

/** One line per file, and the apps strip a single trailing newline: a line break inside is refused. */
function checked(name, value) {
    if (/[\0\r\n]/.test(value)) {
        fail(`${name} contains a line break or NUL character; set it without one`);
    }
    return value;
}

/**
 * redis.conf's `requirepass`, double-quoted with every byte outside a safe set as \xHH, so that
 * no value can end the string or add a directive of its own.
 */
function redisConf(password) {
    const escaped = [...Buffer.from(password, 'utf8')]
        .map(byte => {
            const char = String.fromCharCode(byte);
            return /[A-Za-z0-9_.~+/=-]/.test(char) ? char : `\\x${byte.toString(16).padStart(2, '0')}`;
        })
        .join('');
    return `# Written by docker/init-secrets.cjs from redis_password; rewritten at every start.\nrequirepass "${escaped}"\n`;
}

function main() {
    if (!fs.existsSync(DIR)) {
        fail(`${DIR} does not exist: mount the secrets volume there`);
    }
    // Every given value is checked before any file is written: a refusal changes nothing.
    for (const { from } of SECRETS) {
        checked(from, process.env[from] ?? '');
    }
    stepDown();
    fs.chmodSync(DIR, 0o750);

    const values = {};
    for (const { file, from, mode, group } of SECRETS) {
        const given = process.env[from];
        const kept = existing(file);
        let value;
        let how;
        if (given) {
            value = given;
            how = `from ${from}`;
        } else if (kept !== undefined) {
            value = kept;
            how = 'kept';
        } else {
            // 32 random bytes: 43 characters of base64url, above every minimum length the apps check.
            value = randomBytes(32).toString('base64url');
            how = 'generated';
        }
        if (value !== kept) {
            writeAtomically(file, value, mode, group);
        } else {
            // Repairs the access of a file kept from an earlier run.
            setAccess(path.join(DIR, file), mode, group);
        }
        values[file] = value.replace(/\r?\n$/, '');
        console.log(`init-secrets: ${file}: ${how}`);
    }
    writeAtomically('redis.conf', redisConf(values.redis_password), 0o440, DATA_GID);
    console.log(`init-secrets: redis.conf: written (uid ${process.getuid()}, gid ${process.getgid()})`);
}

try {
    main();
} catch (error) {
    // A path and a code, never a value.
    fail(`${error.code ?? error.name}: ${error.message}`);
}
