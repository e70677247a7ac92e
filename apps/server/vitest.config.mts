import { defineConfig } from 'vitest/config';

export default defineConfig({
    // Tests may start the built app as a process; on a busy 2-core machine that takes seconds.
    test: { testTimeout: 60_000 },
});
