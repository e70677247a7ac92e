import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { readEnv, type EnvSource } from '@vendure-scale/cluster';

import { shopEnvProblems, shopEnvShape, shopSecretSettings } from '../shop-env';
import { copyAssetsToS3 } from './copy-assets-to-s3';

const USAGE = `Usage: node packages/shop/dist/assets/copy-assets-to-s3-command.js [--dry-run] [--include-cache] <asset directory>

Copies the assets of ASSET_STORAGE=local (the directory that was ASSET_DIR) into the bucket the
S3_* settings name, under the keys Vendure already stored for them, so no asset URL changes.
Run it with the app's own environment (ASSET_STORAGE=s3 and the S3_* settings, secrets as *_FILE
included). It deletes nothing, and copies only what the bucket lacks: run it again until it
reports no failure, then switch the servers to ASSET_STORAGE=s3.`;

type Print = (line: string) => void;

/**
 * The command an operator runs once to move a shop's assets from its volume into the bucket;
 * resolves with its exit code (64: wrong usage or settings, 1: some file not copied).
 */
export async function copyAssetsCommand(
    argv: string[],
    source: EnvSource = process.env,
    out: Print = line => console.log(line),
    err: Print = line => console.error(line),
): Promise<number> {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { 'dry-run': { type: 'boolean' }, 'include-cache': { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help || positionals.length !== 1) {
        err(USAGE);
        return values.help ? 0 : 64;
    }
    const sourceDir = path.resolve(positionals[0]);
    if (!statSync(sourceDir, { throwIfNoEntry: false })?.isDirectory()) {
        err(`${sourceDir} is not a directory: give the directory that held ASSET_DIR`);
        return 64;
    }
    const env = readEnv(source, { extend: shopEnvShape, secretSettings: shopSecretSettings });
    const problems = [...shopEnvProblems(env), ...(env.ASSET_STORAGE === 's3' ? [] : ['ASSET_STORAGE: expected s3: the settings of the bucket to copy into'])];
    if (problems.length) {
        err(problems.join('\n'));
        return 64;
    }
    const dryRun = values['dry-run'] ?? false;
    const report = await copyAssetsToS3(sourceDir, { ...env, S3_BUCKET: env.S3_BUCKET! }, {
        dryRun,
        includeCache: values['include-cache'] ?? false,
        log: out,
    });
    out(
        `${report.files} files: ${report.copied.length} ${dryRun ? 'to copy' : 'copied'}, ${report.alreadyThere.length} already in the bucket, ` +
            `${report.failed.length} failed; ${report.cacheLeftOut} cached resizes left out (made again on demand)`,
    );
    return report.failed.length ? 1 : 0;
}

if (require.main === module) {
    copyAssetsCommand(process.argv.slice(2)).then(
        code => process.exit(code),
        (error: Error) => {
            // EnvError and the bucket check say what to fix in their message; anything else needs its stack.
            console.error(/Invalid environment|Refusing to start/.test(error.message) ? error.message : error);
            process.exit(1);
        },
    );
}
