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

// ROLE=all runs both: the container is healthy only when both answer.
const targets = role === 'all' ? Object.values(ports) : [ports[role]];

async function probe(port) {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) {
        throw new Error(`port ${port}: HTTP ${res.status}`);
    }
}

Promise.all(targets.map(probe)).then(
    () => process.exit(0),
    error => {
        console.error(`unhealthy: ${error.message}`);
        process.exit(1);
    },
);
