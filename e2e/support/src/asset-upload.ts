import { crc32, deflateSync } from 'node:zlib';

/**
 * A real image for upload tests, made here rather than shipped: a PNG of `width` x `height` in one
 * colour (sharp, which Vendure resizes with, must be able to read it). Hand-written: the format
 * needs four chunks, which is less than a dependency on an image library.
 */
export function pngImage(width: number, height: number, rgb: [number, number, number] = [200, 40, 90]): Buffer {
    const chunk = (type: string, data: Buffer) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(body));
        return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
    // Every scanline: filter byte 0, then the pixels.
    const line = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
    const pixels = Buffer.concat(Array.from({ length: height }, () => line));
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', deflateSync(pixels)),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

/** Width and height of a PNG, from its header; throws for anything else. */
export function pngSize(image: Buffer): { width: number; height: number } {
    if (image.length < 24 || image.readUInt32BE(0) !== 0x89504e47 || image.toString('ascii', 12, 16) !== 'IHDR') {
        throw new Error(`not a PNG (${image.length} bytes, starting ${image.subarray(0, 8).toString('hex')})`);
    }
    return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
}

export interface UploadedAsset {
    id: string;
    name: string;
    /** Absolute URLs, as Vendure builds them from the stored identifiers. */
    source: string;
    preview: string;
    /** The instance that took the upload (X-Vendure-Instance). */
    instance: string;
}

/**
 * Uploads one file through the Admin API as the Dashboard does: the GraphQL multipart request
 * (createAssets with the file in a form part), with the bearer token of a logged-in administrator.
 */
export async function uploadAsset(adminApiUrl: string, token: string, file: { name: string; type: string; content: Buffer }): Promise<UploadedAsset> {
    const form = new FormData();
    form.set(
        'operations',
        JSON.stringify({
            query: `mutation ($input: [CreateAssetInput!]!) {
                createAssets(input: $input) { ... on Asset { id name source preview } ... on ErrorResult { message } }
            }`,
            variables: { input: [{ file: null }] },
        }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.input.0.file'] }));
    form.set('0', new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
    const res = await fetch(adminApiUrl, {
        method: 'POST',
        // A multipart POST is a "simple" request, which CSRF prevention refuses without this header.
        headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
        body: form,
        signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let body: { data?: { createAssets: Array<Record<string, string>> }; errors?: unknown[] };
    try {
        body = JSON.parse(text);
    } catch {
        throw new Error(`${adminApiUrl} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
    }
    const [asset] = body.data?.createAssets ?? [];
    if (!res.ok || body.errors?.length || !asset?.id) {
        throw new Error(`createAssets on ${adminApiUrl} failed (${res.status}): ${text.slice(0, 500)}`);
    }
    return { id: asset.id, name: asset.name, source: asset.source, preview: asset.preview, instance: res.headers.get('x-vendure-instance') ?? '(none)' };
}
