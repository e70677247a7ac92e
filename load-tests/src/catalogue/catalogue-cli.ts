import { spawn } from 'node:child_process';
import path from 'node:path';

import { importArgv, parseCatalogueArgs, type CatalogueArgs } from './catalogue-args';

/**
 * `npx nx run load-tests:catalogue -- --products=10000`: fills a running stack with the seeded catalogue.
 *
 * The import needs Vendure's app context (its Importer and services) on the stack's database, and
 * the compose stack's Postgres is on an internal network the host cannot reach. So by default it
 * runs inside the stack: `docker compose run` of the migrate service, which has the stack's image,
 * settings, secrets, network and asset volume, with this package's compiled code mounted into it.
 * `--via=direct` runs it here instead, for a database this machine can reach.
 */
const DIST = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(DIST, '..', '..');
const MAIN = 'catalogue/import-catalogue-main.js';
/** Where the app image keeps its workspaces: node resolves @vendure/core and the shop from /app/node_modules. */
const IN_IMAGE = '/app/load-tests/dist';

function command(args: CatalogueArgs): { file: string; argv: string[] } {
    if (args.via === 'direct') {
        return { file: process.execPath, argv: [path.join(DIST, MAIN), ...importArgv(args)] };
    }
    return {
        file: 'docker',
        argv: [
            'compose',
            'run',
            '--rm',
            // The stack is running; its one-shot jobs (secrets, migrate) must not run again.
            '--no-deps',
            '-T',
            '--volume',
            `${DIST}:${IN_IMAGE}:ro`,
            args.service,
            'node',
            `${IN_IMAGE}/${MAIN}`,
            ...importArgv(args),
        ],
    };
}

function main(): void {
    let args: CatalogueArgs;
    try {
        args = parseCatalogueArgs(process.argv.slice(2));
    } catch (error) {
        console.error((error as Error).message);
        process.exit(2);
    }
    if (args.waitTimeoutMs === 0) {
        console.warn('catalogue: --wait-timeout=0: the reindex may race the collection filters; search may lag until the next reindex');
    }
    const { file, argv } = command(args);
    console.log(`catalogue: ${file === 'docker' ? `docker ${argv.slice(0, 6).join(' ')} … (in the ${args.service} service)` : 'importing here'}`);
    // COMPOSE_PROJECT_NAME, COMPOSE_FILE and the like pass through, so any stack can be named.
    const child = spawn(file, argv, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', error => {
        console.error(`catalogue: could not start ${file}: ${error.message}`);
        process.exit(1);
    });
    child.on('exit', code => process.exit(code ?? 1));
}

main();
