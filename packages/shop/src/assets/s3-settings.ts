import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Config } from '@vendure/asset-server-plugin';

import type { ShopSettings } from '../shop-env';

/** What every S3 client of the shop is built from: the app's storage, its start-up check and the copy command. */
export type S3Settings = Pick<
    ShopSettings,
    | 'S3_BUCKET'
    | 'S3_ENDPOINT'
    | 'S3_REGION'
    | 'S3_FORCE_PATH_STYLE'
    | 'S3_ACCESS_KEY_ID'
    | 'S3_SECRET_ACCESS_KEY'
    | 'S3_REQUEST_CHECKSUM_CALCULATION'
    | 'S3_RESPONSE_CHECKSUM_VALIDATION'
>;

/** Static credentials when both are set; otherwise the SDK's default chain (an IAM role, IRSA, AWS_*). */
function staticCredentials(env: S3Settings): S3ClientConfig['credentials'] {
    return env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined;
}

/** The S3 client's options, the same for every client, so that a check proves what the storage will do. */
export function s3ClientConfig(env: S3Settings): S3ClientConfig {
    return {
        region: env.S3_REGION,
        ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        credentials: staticCredentials(env),
        requestChecksumCalculation: env.S3_REQUEST_CHECKSUM_CALCULATION,
        responseChecksumValidation: env.S3_RESPONSE_CHECKSUM_VALIDATION,
        // An endpoint that drops packets must not hold a request (or the start-up) for minutes.
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    };
}

/** The configuration of Vendure's own S3 storage strategy (configureS3AssetStorage). */
export function vendureS3Config(env: S3Settings & { S3_BUCKET: string }): S3Config {
    const { credentials, ...nativeS3Configuration } = s3ClientConfig(env);
    return {
        bucket: env.S3_BUCKET,
        // Vendure's type requires credentials, but its strategy passes none on when given none
        // (getCredentials), so that the SDK's default chain applies: what an IAM role needs.
        credentials: credentials as S3Config['credentials'],
        nativeS3Configuration,
    };
}

/** Where the bucket is, for messages: the endpoint, or AWS S3 in the region. */
export function describeBucket(env: S3Settings): string {
    const where = env.S3_ENDPOINT ? `at ${env.S3_ENDPOINT}` : `on AWS S3 in ${env.S3_REGION}`;
    return `bucket "${env.S3_BUCKET}" ${where}`;
}
