import http from 'node:http';

import { describe, expect, it } from 'vitest';

import { readEnv } from '../src/env/read-env';
import { applyKeepAlive } from '../src/roles/http-keep-alive';
import { VALID_ENV } from './env-fixture';

describe('applyKeepAlive', () => {
    it("outlasts nginx's 60 s upstream idle timeout by default, headers timeout above it", () => {
        const server = http.createServer();
        applyKeepAlive(server, readEnv(VALID_ENV));
        expect(server.keepAliveTimeout).toBe(65_000);
        expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    });

    it('takes the timeout from the environment', () => {
        const server = http.createServer();
        applyKeepAlive(server, readEnv({ ...VALID_ENV, HTTP_KEEP_ALIVE_TIMEOUT_MS: '120000' }));
        expect(server.keepAliveTimeout).toBe(120_000);
        expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    });
});
