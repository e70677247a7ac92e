// The k6 twin of src/scenario/picks.ts: same "$alias.field" rule, so a journey means the same in
// both drivers. k6 cannot import the compiled TypeScript (CommonJS), hence these few lines twice.

/**
 * @typedef {Record<string, Array<Record<string, string>>>} Pools
 * @typedef {Record<string, Record<string, string>>} Picked
 */

/**
 * One record from each pool the journey picks from, for one iteration.
 * @param {Record<string, string>} pick alias -> pool name
 * @param {Pools} pools
 * @returns {Picked}
 */
export function pickForIteration(pick, pools) {
    /** @type {Picked} */
    const picked = {};
    for (const alias of Object.keys(pick)) {
        const records = pools[pick[alias]];
        if (!records || records.length === 0) {
            throw new Error(`pool "${pick[alias]}" is empty: setup() found nothing to pick`);
        }
        picked[alias] = records[Math.floor(Math.random() * records.length)];
    }
    return picked;
}

/**
 * The identity of a session (a customer, an administrator), chosen by the virtual user's number,
 * so that two virtual users share one only when there are more of them than records.
 * @param {Record<string, string> | undefined} sessionPick alias -> pool name
 * @param {Pools} pools
 * @param {number} vuNumber
 * @returns {Picked}
 */
export function pickForSession(sessionPick, pools, vuNumber) {
    /** @type {Picked} */
    const picked = {};
    for (const alias of Object.keys(sessionPick || {})) {
        const pool = /** @type {Record<string, string>} */ (sessionPick)[alias];
        const records = pools[pool];
        if (!records || records.length === 0) {
            throw new Error(`pool "${pool}" is empty: setup() found nothing to pick`);
        }
        picked[alias] = records[vuNumber % records.length];
    }
    return picked;
}

/**
 * Replaces "$alias.field" strings, at any depth, by the picked value.
 * @param {unknown} value
 * @param {Picked} picked
 * @returns {any}
 */
export function resolveVariables(value, picked) {
    if (typeof value === 'string' && value.startsWith('$')) {
        const [alias, field] = value.slice(1).split('.');
        const resolved = picked[alias] ? picked[alias][field] : undefined;
        if (resolved === undefined) {
            throw new Error(`${value}: nothing picked for it`);
        }
        return resolved;
    }
    if (Array.isArray(value)) {
        return value.map(item => resolveVariables(item, picked));
    }
    if (typeof value === 'object' && value !== null) {
        /** @type {Record<string, unknown>} */
        const resolved = {};
        for (const [key, inner] of Object.entries(value)) {
            resolved[key] = resolveVariables(inner, picked);
        }
        return resolved;
    }
    return value;
}
