/**
 * Runs a command's main(): what it resolves to is the exit code. A thrown error prints its message
 * alone, since the messages are written for the user and a stack trace would bury them.
 */
export function runCli(main: () => Promise<number | void>, errorCode = 1): void {
    main().then(
        code => process.exit(code ?? 0),
        (error: Error) => {
            console.error(error.message);
            process.exit(errorCode);
        },
    );
}
