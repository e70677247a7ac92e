import { existsSync, readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { sampleCatalogue } from '../src/sample-catalogue';

describe('sampleCatalogue.initialConfig', () => {
    it("points Vendure's importer at the images @vendure/create ships, keeping the rest of the config", () => {
        const config = sampleCatalogue.initialConfig!({ apiOptions: { port: 3000 }, importExportOptions: { importAssetsDir: '/elsewhere' } } as never);
        const dir = config.importExportOptions?.importAssetsDir as string;
        expect(existsSync(dir)).toBe(true);
        expect(readdirSync(dir).filter(file => file.endsWith('.jpg')).length).toBeGreaterThan(10);
        expect(config.apiOptions).toEqual({ port: 3000 });
    });
});
