import { ComposeProject, run, writeStackEnv } from '@vendure-scale/e2e-support';
import { afterAll, describe, expect, it } from 'vitest';

import { LOG_DIR, SUITE } from '../src/suite';

const projects: ComposeProject[] = [];

afterAll(async () => {
    for (const project of projects) {
        await project.down();
    }
});

describe('a required setting missing from .env', () => {
    it.each(['COOKIE_SECRET', 'SUPERADMIN_PASSWORD', 'DB_PASSWORD', 'REDIS_PASSWORD'])(
        '7. %s: `docker compose up` stops at once with the message, and starts nothing',
        async name => {
            const env = await writeStackEnv(SUITE, [name]);
            const project = new ComposeProject(env.file, { logDir: LOG_DIR });
            projects.push(project);
            const result = await project.tryCompose(['up', '--detach', '--scale', 'server=2'], 60_000);
            expect(result.code).not.toBe(0);
            expect(result.stderr).toContain(`set ${name} in .env (see .env.example)`);
            const made = await run(
                'docker',
                ['ps', '--all', '--quiet', '--filter', `label=com.docker.compose.project=${project.name}`],
                30_000,
            );
            expect(made.code).toBe(0);
            expect(made.stdout.trim()).toBe('');
        },
    );
});
