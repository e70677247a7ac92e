/**
 * A small seeded PRNG (mulberry32) and the picks the generator makes with it. Hand-written on
 * purpose: the import runs inside the app image, which has only the shop's dependencies, and the
 * generator needs nothing more than a stable sequence per (seed, product index).
 */
export class SeededRandom {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** The stream for one item of a seeded catalogue: the same whatever else was generated before it. */
    static forItem(seed: number, index: number, stream = 0): SeededRandom {
        return new SeededRandom(hash32(`${seed}:${stream}:${index}`));
    }

    /** A float in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    /** An integer in [min, max]. */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    chance(probability: number): boolean {
        return this.next() < probability;
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }

    /** `count` different items, in a random order. */
    sample<T>(items: readonly T[], count: number): T[] {
        const pool = [...items];
        const picked: T[] = [];
        while (picked.length < count && pool.length) {
            picked.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
        }
        return picked;
    }
}

/** FNV-1a: a string to a 32-bit seed. */
export function hash32(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
}
