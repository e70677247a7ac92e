/**
 * Clean-up steps that must all be tried, whichever fails: each failure is kept as a line for the
 * log, never thrown, so that an afterAll undoes everything it can.
 */
export function cleanUpSteps() {
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
        try {
            await step();
        } catch (error) {
            problems.push(`${what}: ${(error as Error).message}`);
        }
    };
    return { problems, attempt };
}
