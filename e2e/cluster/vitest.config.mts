import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        // Real Postgres, Redis and several Vendure processes on a 2-core machine: be patient.
        testTimeout: 120_000,
        hookTimeout: 300_000,
        fileParallelism: false,
        env: {
            // Every test stops the containers it started (afterAll), so the reaper is not needed,
            // and its image cannot be pulled on an offline machine.
            TESTCONTAINERS_RYUK_DISABLED: 'true',
        },
    },
});
