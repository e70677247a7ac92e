import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
    resolve: {
        // One graphql for our sources and for Apollo, Vendure and graphql-armor (CommonJS): Vite
        // would give our sources its ESM build, and graphql refuses schema objects of another copy.
        alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
    },
    test: {
        // A few tests start Node processes or containers; on a busy 2-core machine that takes seconds.
        testTimeout: 30_000,
        env: {
            // The migration-lock and login-counter tests stop the containers they start (afterAll),
            // so the reaper is not needed, and its image cannot be pulled on an offline machine.
            TESTCONTAINERS_RYUK_DISABLED: 'true',
        },
    },
});
