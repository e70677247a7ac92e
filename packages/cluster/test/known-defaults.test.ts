import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { isKnownDefaultSecret } from '../src/known-defaults';

const ENV_EXAMPLE = path.resolve(__dirname, '../../../.env.example');

function secretsIn(file: string): Array<[string, string]> {
    return readFileSync(file, 'utf8')
        .split('\n')
        .map(line => line.trim())
        .filter(line => line && !line.startsWith('#'))
        .map(line => line.split('=', 2) as [string, string])
        .filter(([name, value]) => /SECRET|PASSWORD/.test(name) && value);
}

describe('known default secrets', () => {
    it('include every secret that .env.example ships, so none of them can reach production', () => {
        const secrets = secretsIn(ENV_EXAMPLE);
        expect(secrets.length).toBeGreaterThan(0);
        for (const [name, value] of secrets) {
            expect(isKnownDefaultSecret(value), `${name} from .env.example`).toBe(true);
        }
    });

    it("include Vendure's own defaults, whatever their case or surrounding space", () => {
        expect(isKnownDefaultSecret('superadmin')).toBe(true);
        expect(isKnownDefaultSecret(' Some-Secret ')).toBe(true);
        expect(isKnownDefaultSecret('a-real-secret-nobody-knows')).toBe(false);
        expect(isKnownDefaultSecret(undefined)).toBe(false);
    });
});
