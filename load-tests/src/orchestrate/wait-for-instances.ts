import { postGraphql } from '../graphql/post-graphql';

/**
 * Polls through the balancer until `count` distinct X-Vendure-Instance values answered (nginx
 * re-resolves the replicas every few seconds), or gives up after `timeoutMs`. Returns what it saw.
 */
export async function waitForInstances(baseUrl: string, count: number, timeoutMs = 60_000): Promise<string[]> {
    const seen = new Set<string>();
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; attempt < 2000 && Date.now() < deadline; attempt++) {
        try {
            const { instance } = await postGraphql({ baseUrl, api: 'shop', query: '{ activeChannel { code } }', timeoutMs: 5000 });
            if (instance) seen.add(instance);
        } catch {
            // Not up yet; the deadline bounds the wait.
        }
        if (seen.size >= count) {
            break;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return [...seen];
}
