import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        // The whole compose stack on a 2-core machine, with servers booting again in most drills.
        testTimeout: 300_000,
        hookTimeout: 900_000,
        // One stack, one drill at a time: drills share it, and each leaves it as it found it.
        fileParallelism: false,
        sequence: { concurrent: false },
    },
});
