import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        // Each step waits on Swarm and on servers booting on a 2-core machine, where every task
        // runs the migrate role before the server (a minute or more when other stacks share the
        // cores); a rolling update boots one task per replica, then monitors for 30 s. The steps
        // share one stack and run in order.
        testTimeout: 480_000,
        hookTimeout: 300_000,
        fileParallelism: false,
        sequence: { concurrent: false },
    },
});
