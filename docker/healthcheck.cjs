// Docker HEALTHCHECK for every role, in node because the slim image has neither curl nor wget.
'use strict';

const role = process.env.ROLE || 'server';
const ports = {
    server: process.env.PORT || '3000',
    worker: process.env.WORKER_HEALTH_PORT || '3020',
};

if (role === 'migrate') {
    // A one-shot has nothing to probe; its exit code is its health.
    process.exit(0);
}

const port = ports[role];
if (!port) {
    console.error(`unhealthy: unknown ROLE '${role}'`);
    process.exit(1);
}

fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) }).then(
    res => {
        if (!res.ok) {
            console.error(`unhealthy: port ${port}: HTTP ${res.status}`);
        }
        process.exit(res.ok ? 0 : 1);
    },
    error => {
        console.error(`unhealthy: port ${port}: ${error.message}`);
        process.exit(1);
    },
);
