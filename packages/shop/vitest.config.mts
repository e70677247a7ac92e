import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        // A few tests start Node processes; on a busy 2-core machine that can take seconds.
        testTimeout: 30_000,
    },
});
