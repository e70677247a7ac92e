import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const DOCKER_DIR = path.resolve(__dirname, '../../docker');
const PRUNE = path.join(DOCKER_DIR, 'prune-runtime.sh');

interface Stage {
    name: string;
    /** Instructions with their continuation lines joined, comments left out. */
    instructions: string[];
}

/** docker/Dockerfile's stages, in order. */
function stages(): Stage[] {
    const text = readFileSync(path.join(DOCKER_DIR, 'Dockerfile'), 'utf8')
        .split('\n')
        .filter(line => !/^\s*#/.test(line))
        .join('\n')
        .replace(/\\\n/g, ' ');
    const result: Stage[] = [];
    for (const line of text.split('\n').map(l => l.trim()).filter(Boolean)) {
        const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
        if (from) result.push({ name: from[1], instructions: [] });
        else result.at(-1)?.instructions.push(line);
    }
    return result;
}

const stage = (name: string) => stages().find(s => s.name === name)!;

describe('the image: what its runtime stage can contain', () => {
    it('copies node_modules only from the production install, never from the build stage', () => {
        const runtime = stage('runtime');
        expect(stages().at(-1)?.name, 'the last stage is the runtime').toBe('runtime');
        const copies = runtime.instructions.filter(i => /^COPY\s/i.test(i));
        const modules = copies.filter(i => /node_modules/.test(i));
        expect(modules).toEqual(['COPY --from=prod-deps /app/node_modules node_modules']);
        // From the build stage: only compiled output, never sources, tsconfigs or packages.
        for (const copy of copies.filter(i => /--from=build\b/.test(i))) {
            expect(copy).toMatch(/^COPY --from=build \/app\/(packages|apps)\/[\w-]+\/(dist|package\.json) /);
        }
        expect(runtime.instructions.filter(i => /^RUN\s/i.test(i)).join('\n')).not.toMatch(/\bnpm\b|\bnpx\b|\btsc\b/);
    });

    it('installs without devDependencies, and prunes that install after everything is in it', () => {
        const prodDeps = stage('prod-deps').instructions;
        const install = prodDeps.findIndex(i => /\bnpm ci\b/.test(i));
        expect(prodDeps[install]).toMatch(/--omit=dev/);
        const prune = prodDeps.findIndex(i => /^RUN sh docker\/prune-runtime\.sh node_modules$/.test(i));
        expect(prune).toBeGreaterThan(install);
        // Nothing lands in node_modules after the prune.
        expect(prodDeps.slice(prune + 1)).toEqual([]);
        // Of the Dashboard, only the server plugin: its build chain (Vite, React) stays in the build stage.
        const fromBuild = prodDeps.filter(i => /--from=build\b/.test(i));
        expect(fromBuild).toEqual([
            'COPY --from=build /app/node_modules/@vendure/dashboard/package.json node_modules/@vendure/dashboard/',
            'COPY --from=build /app/node_modules/@vendure/dashboard/dist/plugin node_modules/@vendure/dashboard/dist/plugin',
        ]);
    });

    describe('docker/prune-runtime.sh', () => {
        const root = mkdtempSync(path.join(os.tmpdir(), 'vs-prune-'));
        afterAll(() => rmSync(root, { recursive: true, force: true }));
        const files: Record<string, boolean> = {
            // path: kept?
            'typescript/package.json': false,
            'typescript/lib/typescript.js': false,
            '.bin/tsc': false,
            '.bin/tsserver': false,
            '.bin/pm2': true,
            '@types/node/index.d.ts': false,
            'typeorm/index.js': true,
            'typeorm/index.js.map': false,
            'typeorm/index.d.ts': false,
            'typeorm/browser/index.js': false,
            'typeorm/README.md': false,
            'typeorm/LICENSE.md': true,
            'date-fns/index.cjs': true,
            'date-fns/index.js': false,
            'date-fns/package.json': true,
            '@vendure/core/dist/event-bus/events/history-entry-event.js': true,
            '@vendure/core/package.json': true,
            'some-lib/package.json': true,
            'some-lib/test/case.js': false,
            'some-lib/lib/test/helper.js': true,
        };
        for (const file of Object.keys(files)) {
            mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            writeFileSync(path.join(root, file), 'x');
        }

        it('removes the compiler, type files, source maps, docs and tests, and nothing a role loads', () => {
            const run = spawnSync('sh', [PRUNE, root], { encoding: 'utf8', timeout: 30_000 });
            expect(run.stderr).toBe('');
            expect(run.status).toBe(0);
            const kept = Object.fromEntries(Object.keys(files).map(file => [file, existsSync(path.join(root, file))]));
            expect(kept).toEqual(files);
        });
    });
});
