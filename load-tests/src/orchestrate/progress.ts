const started = Date.now();

/** One line per step, with the time since start, so that a long run shows where it is. */
export function progress(message: string): void {
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${message}`);
}
