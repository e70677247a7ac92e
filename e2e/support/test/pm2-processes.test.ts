import { describe, expect, it } from 'vitest';

import { parsePm2List } from '../src/pm2-processes';

const app = (name: string, pid: number, restarts: number, memory: number) => ({
    name,
    pid,
    pm2_env: { status: 'online', restart_time: restarts, unstable_restarts: 0 },
    monit: { memory, cpu: 1 },
});

describe('parsePm2List', () => {
    it('reads name, pid, status, restarts and memory of every process', () => {
        const stdout = `${JSON.stringify([app('vendure-server', 42, 1, 200_000_000), app('other', 43, 0, 1_000)])}\n`;
        expect(parsePm2List(stdout, 'abc')).toEqual([
            { name: 'vendure-server', pid: 42, status: 'online', restarts: 1, memoryBytes: 200_000_000 },
            { name: 'other', pid: 43, status: 'online', restarts: 0, memoryBytes: 1_000 },
        ]);
    });

    it('takes the list after the notices pm2 prints before it', () => {
        const stdout = `[PM2] Spawning PM2 daemon\n>>>> In-memory PM2 is out-of-date\n${JSON.stringify([app('a', 1, 0, 0)])}\n`;
        expect(parsePm2List(stdout, 'abc').map(p => p.name)).toEqual(['a']);
    });

    it('counts a process pm2 has not sampled yet as 0 restarts and 0 bytes', () => {
        expect(parsePm2List('[{"name":"a","pid":0}]', 'abc')).toEqual([
            { name: 'a', pid: 0, status: undefined, restarts: 0, memoryBytes: 0 },
        ]);
    });

    it('names the container when pm2 printed no list', () => {
        expect(() => parsePm2List('[PM2] no daemon\n', 'abc123')).toThrow(/pm2 jlist in abc123 printed no list: \[PM2\] no daemon/);
    });
});
