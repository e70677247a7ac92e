import path from 'node:path';

import { vendureDashboardPlugin } from '@vendure/dashboard/vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
    // The servers' DashboardPlugin serves it at this route (packages/shop/src/dashboard.ts).
    base: '/dashboard/',
    build: {
        outDir: path.join(root, 'dist'),
        emptyOutDir: true,
        // Nothing reads source maps in production, and the image must not carry them.
        sourcemap: false,
    },
    // What @vitejs/plugin-react sets under Vite 7. It decides by the `vite` it resolves itself, which
    // is the workspace root's Vite 8 (vitest's), and then configures Vite 8's oxc instead: Vite 7's
    // esbuild would compile JSX to React.createElement with no React in scope.
    esbuild: { jsx: 'automatic', jsxImportSource: 'react' },
    plugins: [
        vendureDashboardPlugin({
            // In the shop, so that its plugins' `dashboard` extensions are found through relative imports.
            vendureConfigPath: path.join(root, '../../packages/shop/src/dashboard-config.ts'),
            // The page's own origin: whatever host and port nginx or the ingress answers on.
            api: { host: 'auto', port: 'auto' },
        }),
    ],
});
