import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        // Renders manifests with kustomize and compose in child processes.
        testTimeout: 60_000,
    },
});
