import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { isKnownDefaultSecret, KNOWN_DEFAULT_SECRETS } from '../src/env/known-defaults';

const ENV_EXAMPLE = path.resolve(__dirname, '../../../.env.example');

/** `NAME=value` lines of a dotenv file (comments and `export ` skipped, one level of quotes removed). */
function assignments(file: string): Array<[string, string]> {
    return readFileSync(file, 'utf8')
        .split('\n')
        .map(line => line.trim().replace(/^export\s+/, ''))
        .filter(line => line && !line.startsWith('#') && line.includes('='))
        .map(line => {
            const at = line.indexOf('=');
            const value = line.slice(at + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
            return [line.slice(0, at).trim(), value];
        });
}

/** A secret's value, not the path of a file that holds one (NAME_FILE). */
const isSecretSetting = (name: string) => /SECRET|PASSWORD/.test(name) && !name.endsWith('_FILE');

describe('known default secrets', () => {
    it('include every secret value .env.example ships, so none of them can reach production', () => {
        // Blank secrets (to be generated or filled in) are fine: only a published value is public.
        const shipped = assignments(ENV_EXAMPLE).filter(([name, value]) => isSecretSetting(name) && value);
        for (const [name, value] of shipped) {
            expect(isKnownDefaultSecret(value), `${name} from .env.example`).toBe(true);
        }
    });

    it("include Vendure's own defaults, whatever their case or surrounding space", () => {
        expect(isKnownDefaultSecret('superadmin')).toBe(true);
        expect(isKnownDefaultSecret(' Some-Secret ')).toBe(true);
        expect(isKnownDefaultSecret('a-real-secret-nobody-knows')).toBe(false);
        expect(isKnownDefaultSecret(undefined)).toBe(false);
    });

    it('are listed in lower case, the form they are compared in', () => {
        for (const secret of KNOWN_DEFAULT_SECRETS) {
            expect(secret).toBe(secret.trim().toLowerCase());
        }
    });
});
