import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ComposeProject } from '../src/compose-project';
import { REPO_ROOT } from '../src/repo-root';

describe('ComposeProject', () => {
    it('has a name of its own under the given prefix, and tells compose where it is', () => {
        const a = new ComposeProject('/tmp/a/.env', { namePrefix: 'vs-unit' });
        const b = new ComposeProject('/tmp/a/.env', { namePrefix: 'vs-unit' });
        expect(a.name).toMatch(new RegExp(`^vs-unit-${process.pid}-[0-9a-f]{6}$`));
        expect(a.name).not.toBe(b.name);
        expect(a.composeEnv).toEqual({
            COMPOSE_PROJECT_NAME: a.name,
            COMPOSE_FILE: path.join(REPO_ROOT, 'compose.yaml'),
            COMPOSE_ENV_FILES: '/tmp/a/.env',
        });
    });

    it('hands its own variables to compose on top of the env file, the project\'s names winning', () => {
        const project = new ComposeProject('/tmp/a/.env', {
            namePrefix: 'vs-unit',
            env: { HTTP_PORT: '18080', COMPOSE_PROJECT_NAME: 'someone-else' },
        });
        expect(project.composeEnv).toEqual({
            HTTP_PORT: '18080',
            COMPOSE_PROJECT_NAME: project.name,
            COMPOSE_FILE: path.join(REPO_ROOT, 'compose.yaml'),
            COMPOSE_ENV_FILES: '/tmp/a/.env',
        });
    });

    it('takes its prefix from COMPOSE_E2E_PREFIX when none is given', () => {
        const before = process.env.COMPOSE_E2E_PREFIX;
        try {
            delete process.env.COMPOSE_E2E_PREFIX;
            expect(new ComposeProject('/tmp/.env').name).toMatch(/^vs-e2e-/);
            process.env.COMPOSE_E2E_PREFIX = 'alice';
            expect(new ComposeProject('/tmp/.env').name).toMatch(/^alice-/);
        } finally {
            if (before === undefined) {
                delete process.env.COMPOSE_E2E_PREFIX;
            } else {
                process.env.COMPOSE_E2E_PREFIX = before;
            }
        }
    });
});
