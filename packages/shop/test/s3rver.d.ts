// s3rver ships no types: the part of its API the tests use.
declare module 's3rver' {
    interface S3rverOptions {
        address?: string;
        port?: number;
        silent?: boolean;
        directory?: string;
        configureBuckets?: Array<{ name: string }>;
    }
    class S3rver {
        constructor(options: S3rverOptions);
        run(): Promise<{ address: string; port: number }>;
        close(): Promise<void>;
    }
    export = S3rver;
}

declare module 's3rver/lib/models/account' {
    interface AWSAccount {
        createKeyPair(accessKeyId: string, secretAccessKey: string): void;
        revokeAccessKey(accessKeyId: string): void;
    }
    export const DUMMY_ACCOUNT: AWSAccount;
}
