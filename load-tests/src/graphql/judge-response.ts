import { classifyRateLimit, type LimitKind } from './rate-limit';

/** The verdict on one GraphQL answer, the same rules as the k6 checks. */
export interface Verdict {
    /** Transport-level failure: no answer, or a status other than 2xx (a 429 is `rateLimited`). */
    failed: boolean;
    /** The answer carried `errors` (GraphQL reports them with status 200). */
    graphqlErrors: boolean;
    /** Expectations on `data` that did not hold, e.g. an ErrorResult where an Order was due. */
    unmet: string[];
    /** The stack's own limit that refused the request: not a server error, a setting. */
    rateLimited?: LimitKind;
    /** First GraphQL error message or unmet expectation, for the log. */
    detail?: string;
}

function at(data: unknown, dottedPath: string): unknown {
    return dottedPath.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | null | undefined)?.[key], data);
}

export function judgeResponse(path: string, status: number, body: string, expect: Record<string, string> = {}): Verdict {
    const rateLimited = classifyRateLimit(path, status, body);
    if (rateLimited) {
        return { failed: false, graphqlErrors: false, unmet: [], rateLimited, detail: `HTTP ${status}, rate-limited by ${rateLimited}` };
    }
    if (status < 200 || status >= 300) {
        return { failed: true, graphqlErrors: false, unmet: [], detail: `HTTP ${status}` };
    }
    let parsed: { data?: unknown; errors?: Array<{ message?: string }> };
    try {
        parsed = JSON.parse(body);
    } catch {
        return { failed: false, graphqlErrors: true, unmet: [], detail: 'the answer is not JSON' };
    }
    const graphqlErrors = Array.isArray(parsed.errors) && parsed.errors.length > 0;
    const unmet = Object.entries(expect)
        .filter(([dotted, wanted]) => at(parsed.data, dotted) !== wanted)
        .map(([dotted, wanted]) => `${dotted} is ${JSON.stringify(at(parsed.data, dotted))}, expected ${wanted}`);
    const detail = graphqlErrors ? parsed.errors?.[0]?.message : unmet[0];
    return { failed: false, graphqlErrors, unmet, detail };
}

/** Header lookup that ignores case, since proxies and frameworks disagree on it. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
    const key = Object.keys(headers).find(k => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : headers[key];
    return Array.isArray(value) ? value[value.length - 1] : value;
}
