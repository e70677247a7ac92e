import os from 'node:os';

import type { ScalingEnv } from './env';

/** One name per process, so that logs and the balancer's choices can be traced to an instance. */
export function instanceId(env: Pick<ScalingEnv, 'INSTANCE_ID'>, pid = process.pid): string {
    return env.INSTANCE_ID ?? `${os.hostname()}:${pid}`;
}
