import { randomUUID } from 'node:crypto';

import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

import { describeBucket, s3ClientConfig, type S3Settings } from './s3-settings';

/** Thrown at start-up; worded like the cluster guard's refusals, so runRole prints the message alone. */
export class AssetStorageError extends Error {
    override readonly name = 'AssetStorageError';
}

/** Where the check writes its probe; deleted at once, so nothing stays unless the process dies between. */
export const PROBE_PREFIX = 'vendure-scale-startup-check/';

/** Every S3 call of the check together may take this long, so that a dead endpoint stops a start quickly. */
const CHECK_TIMEOUT_MS = 30_000;

type Step = 'find the bucket' | 'write' | 'read back' | 'delete';

interface SdkError {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'];

/** The operator's next step for a failed call: what the error says about which setting is wrong. */
export function explainS3Error(step: Step, error: unknown): string {
    const e = (error ?? {}) as SdkError;
    const status = e.$metadata?.httpStatusCode;
    const what = `${e.name ?? 'Error'}${status ? `, HTTP ${status}` : ''}`;
    if (e.name === 'CredentialsProviderError') {
        return 'no credentials: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (or their _FILE), or give the process an IAM role';
    }
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        return `no answer within ${CHECK_TIMEOUT_MS / 1000} s: check S3_ENDPOINT and that this network may reach it`;
    }
    if (status === undefined) {
        const code = e.code ?? NETWORK_CODES.find(c => e.message?.includes(c));
        return code
            ? `cannot reach it (${code}): check S3_ENDPOINT and that this network may reach it`
            : `${what}: ${e.message ?? 'unknown error'}`;
    }
    if (step === 'find the bucket') {
        if (status === 404) return `it does not exist (${what}): create it first (the app never creates buckets), or fix S3_BUCKET`;
        if (status === 403) {
            return `access denied (${what}): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, and that they may list the bucket (s3:ListBucket)`;
        }
        if (status === 301 || e.name === 'PermanentRedirect' || e.name === 'AuthorizationHeaderMalformed') {
            return `it is in another region (${what}): set S3_REGION to the bucket's region`;
        }
        if (status === 400) return `the request was refused (${what}): check S3_REGION, S3_ENDPOINT and S3_FORCE_PATH_STYLE`;
    }
    if (status === 403) {
        const action = { 'find the bucket': 's3:ListBucket', write: 's3:PutObject', 'read back': 's3:GetObject', delete: 's3:DeleteObject' }[step];
        return `the credentials may not ${step === 'read back' ? 'read' : step} objects (${what}): allow ${action} on the bucket`;
    }
    if (step === 'write') {
        return `an upload was refused (${what}: ${e.message ?? ''}); if this server rejects the AWS SDK's default checksums, set S3_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED`;
    }
    if (step === 'read back') {
        return `a written object could not be read back (${what}: ${e.message ?? ''}); if this server sends no or other checksums, set S3_RESPONSE_CHECKSUM_VALIDATION=WHEN_REQUIRED`;
    }
    return `${what}: ${e.message ?? 'unknown error'}`;
}

/**
 * What an upload will need, tried before the role starts: the bucket answers, and an object can be
 * written (through the same upload path and checksum settings as Vendure's), read back intact and
 * deleted. A wrong setting then stops the start with one message naming it, instead of failing
 * the first upload of an admin hours later.
 */
export async function checkS3Bucket(env: S3Settings, given?: S3Client): Promise<void> {
    const client = given ?? new S3Client(s3ClientConfig(env));
    const bucket = env.S3_BUCKET!;
    const key = `${PROBE_PREFIX}${randomUUID()}`;
    const body = Buffer.from(`written at start-up by ${process.pid} to check the asset storage`);
    const abortSignal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    let step: Step = 'find the bucket';
    try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal });
        step = 'write';
        await new Upload({ client, params: { Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }, abortController: abortAfter(abortSignal) }).done();
        step = 'read back';
        const read = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
        const back = Buffer.from((await read.Body?.transformToByteArray()) ?? []);
        if (!back.equals(body)) {
            throw new AssetStorageError(refusal(env, `the object written to ${key} came back different (${back.length} of ${body.length} bytes)`));
        }
        step = 'delete';
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
    } catch (error) {
        if (error instanceof AssetStorageError) throw error;
        throw new AssetStorageError(refusal(env, `could not ${step}: ${explainS3Error(step, error)}`));
    } finally {
        if (!given) client.destroy();
    }
}

function refusal(env: S3Settings, reason: string): string {
    return `Refusing to start: ASSET_STORAGE=s3, but the ${describeBucket(env)} cannot be used: ${reason}`;
}

/** lib-storage takes an AbortController, not a signal. */
function abortAfter(signal: AbortSignal): AbortController {
    const controller = new AbortController();
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    return controller;
}
