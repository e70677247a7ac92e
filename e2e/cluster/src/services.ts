import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

export interface Services {
    /** DB_* and REDIS_* for the roles, pointing at the containers. */
    env: Record<string, string>;
    redisUrl: { host: string; port: number };
    stop(): Promise<void>;
}

/**
 * Real Postgres and Redis, as the compose stack runs them (official images; on an offline machine
 * the local stand-ins of the same tags). Stopped by the caller, also when a test fails.
 */
export async function startServices(): Promise<Services> {
    let postgres: StartedPostgreSqlContainer | undefined;
    let redis: StartedTestContainer | undefined;
    const stop = async () => {
        await Promise.allSettled([postgres?.stop(), redis?.stop()]);
    };
    try {
        [postgres, redis] = await Promise.all([
            new PostgreSqlContainer('postgres:17')
                .withDatabase('vendure')
                .withUsername('vendure')
                .withPassword('cluster-test-db-password')
                .withCommand(['postgres', '-c', 'max_connections=200'])
                .start(),
            new GenericContainer('redis:7')
                .withCommand(['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'])
                .withExposedPorts(6379)
                .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
                .start(),
        ]);
    } catch (error) {
        await stop();
        throw new Error(
            `The cluster tests need Docker to start postgres:17 and redis:7 (${(error as Error).message}). ` +
                'On an offline machine run ../shared/docker-offline/engine.sh and images.sh first.',
        );
    }
    const redisUrl = { host: redis.getHost(), port: redis.getMappedPort(6379) };
    return {
        env: {
            DB_HOST: postgres.getHost(),
            DB_PORT: String(postgres.getPort()),
            DB_NAME: 'vendure',
            DB_USERNAME: 'vendure',
            DB_PASSWORD: 'cluster-test-db-password',
            REDIS_HOST: redisUrl.host,
            REDIS_PORT: String(redisUrl.port),
        },
        redisUrl,
        stop,
    };
}
