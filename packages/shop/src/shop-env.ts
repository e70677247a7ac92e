import { z } from 'zod';

/** The AWS SDK's checksum modes, in either case. */
const checksumMode = z
    .string()
    .transform(value => value.toUpperCase())
    .pipe(z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED'], { error: 'expected WHEN_SUPPORTED or WHEN_REQUIRED' }))
    .default('WHEN_SUPPORTED');

/**
 * This shop's own settings, validated in the same pass as the cluster's (`readEnv(…, { extend })`),
 * so that a bad environment is still one message naming every bad variable.
 */
export const shopEnvShape = {
    /** ASSET_STORAGE=local: a directory every instance shares (a volume). */
    ASSET_DIR: z.string().trim().min(1).default('static/assets'),
    ASSET_URL_PREFIX: z.url({ error: 'expected an absolute URL' }).optional(),
    /**
     * local: files under ASSET_DIR, a volume every instance mounts (one host). s3: an S3-compatible
     * bucket (several hosts); ASSET_DIR then holds only the asset server's empty cache directory.
     */
    ASSET_STORAGE: z.enum(['local', 's3'], { error: 'expected local or s3' }).default('local'),
    /** The bucket, created beforehand: the app never creates one. Required with ASSET_STORAGE=s3. */
    S3_BUCKET: z.string().trim().min(1).optional(),
    /** Unset = AWS S3 in S3_REGION; MinIO, R2 and the like: their API's URL. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
    /** The SDK needs one even where the server ignores it (MinIO: us-east-1, R2: auto). */
    S3_REGION: z.string().trim().min(1).default('us-east-1'),
    /** The bucket in the path instead of the host name: MinIO and most S3-compatible servers need it. */
    S3_FORCE_PATH_STYLE: z
        .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
        .default('false')
        .transform(value => value === 'true' || value === '1'),
    /** Both or neither (or as *_FILE); neither = the AWS SDK's default chain (IAM role, IRSA, AWS_*). */
    S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /**
     * Recent AWS SDKs add CRC checksums to every upload and check them on downloads; some
     * S3-compatible servers reject the former or lack the latter: WHEN_REQUIRED turns that off.
     */
    S3_REQUEST_CHECKSUM_CALCULATION: checksumMode,
    S3_RESPONSE_CHECKSUM_VALIDATION: checksumMode,
    /**
     * The built Dashboard (apps/dashboard/dist), served by every server at /dashboard/; relative to
     * the working directory like ASSET_DIR. Without its index.html the plugin serves a getting-started page.
     */
    DASHBOARD_DIR: z.string().trim().min(1).default('apps/dashboard/dist'),
    /**
     * DashboardPlugin proxies /dashboard/ to a Vite dev server on localhost at this port when one
     * answers there (`npx vite` in apps/dashboard); in production nothing may listen on it.
     */
    DASHBOARD_DEV_SERVER_PORT: z.coerce
        .number({ error: 'expected a whole number' })
        .int({ error: 'expected a whole number' })
        .min(1, { error: 'expected at least 1' })
        .max(65535, { error: 'expected at most 65535' })
        .default(5173),
    /** Comma-separated origins allowed to call the APIs cross-site; empty = same origin only. */
    CORS_ORIGINS: z
        .string()
        .default('')
        .transform(value =>
            value
                .split(',')
                .map(origin => origin.trim())
                .filter(Boolean),
        )
        .pipe(z.array(z.url({ error: 'expected a comma-separated list of URLs' }))),
    /** The migrate role imports Vendure's sample catalogue into an empty database. */
    SEED_SAMPLE_DATA: z
        .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
        .default('false')
        .transform(value => value === 'true' || value === '1'),
};

export type ShopSettings = z.output<z.ZodObject<typeof shopEnvShape>>;

/** The shop's secrets, which may also be given as NAME_FILE: pass them to readEnv as `secretSettings`. */
export const shopSecretSettings = ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/**
 * Rules between settings, which a shape of single variables cannot state; the roles (through
 * shopConfig) and docker/preflight.cjs check them right after readEnv. Each names its variable.
 */
export function shopEnvProblems(env: ShopSettings): string[] {
    const problems: string[] = [];
    if (env.ASSET_STORAGE === 's3' && !env.S3_BUCKET) {
        problems.push('S3_BUCKET: required: the bucket that holds the assets (ASSET_STORAGE=s3)');
    }
    if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
        const [missing, given] = env.S3_ACCESS_KEY_ID
            ? ['S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID']
            : ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];
        problems.push(`${missing}: required with ${given}: set both, or neither for the AWS SDK's default credentials`);
    }
    return problems;
}
