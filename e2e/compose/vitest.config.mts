import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        // A real `docker compose up --build` of the whole stack on a 2-core machine.
        testTimeout: 240_000,
        hookTimeout: 900_000,
        // One stack at a time: two would only fight over the same two cores.
        fileParallelism: false,
    },
});
