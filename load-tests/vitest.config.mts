import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // One test drives a local HTTP server for a couple of seconds; a busy 2-core machine is slow.
        testTimeout: 30_000,
    },
});
