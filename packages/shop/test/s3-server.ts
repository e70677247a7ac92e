import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account';

import { VALID_ENV } from '../../cluster/test/env-fixture';

export interface S3Server {
    endpoint: string;
    bucket: string;
    /** The shop's settings for this server, as strings, the way the environment gives them. */
    env: Record<string, string>;
    stop(): Promise<void>;
}

/**
 * A real S3 API on 127.0.0.1 (s3rver, files in a temp dir) with one bucket and a key pair of its
 * own. s3rver checks that an access key id exists, not the signature made with its secret.
 */
export async function startS3Server(bucket = 'assets'): Promise<S3Server> {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'vs-s3rver-'));
    const accessKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(20).toString('base64url');
    DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    return {
        endpoint,
        bucket,
        env: {
            ASSET_STORAGE: 's3',
            S3_BUCKET: bucket,
            S3_ENDPOINT: endpoint,
            S3_FORCE_PATH_STYLE: 'true',
            S3_ACCESS_KEY_ID: accessKeyId,
            S3_SECRET_ACCESS_KEY: secretAccessKey,
        },
        stop: async () => {
            await server.close();
            DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
            rmSync(directory, { recursive: true, force: true });
        },
    };
}

/** A complete app environment (the cluster's valid one) with these S3 settings. */
export function appEnvWith(s3: Record<string, string>): Record<string, string> {
    return { ...VALID_ENV, ...s3 };
}
