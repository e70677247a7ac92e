import { DefaultLogger, LogLevel } from '@vendure/core';

export type LogLevelName = 'error' | 'warn' | 'info' | 'verbose' | 'debug';

const LEVELS: Record<LogLevelName, LogLevel> = {
    error: LogLevel.Error,
    warn: LogLevel.Warn,
    info: LogLevel.Info,
    verbose: LogLevel.Verbose,
    debug: LogLevel.Debug,
};

/**
 * Vendure's logger with the instance named in every line: with N servers writing to one log
 * stream, a line without its instance cannot be traced.
 */
export class InstanceLogger extends DefaultLogger {
    constructor(
        private readonly instance: string,
        level: LogLevelName,
    ) {
        super({ level: LEVELS[level], timestamp: true });
    }

    private tag(context?: string): string {
        return `${this.instance} ${context ?? 'Vendure'}`;
    }

    override error(message: string, context?: string, trace?: string): void {
        super.error(message, this.tag(context), trace);
    }
    override warn(message: string, context?: string): void {
        super.warn(message, this.tag(context));
    }
    override info(message: string, context?: string): void {
        super.info(message, this.tag(context));
    }
    override verbose(message: string, context?: string): void {
        super.verbose(message, this.tag(context));
    }
    override debug(message: string, context?: string): void {
        super.debug(message, this.tag(context));
    }
}
