import { DefaultSchedulerPlugin, type Type } from '@vendure/core';

/**
 * The default scheduler takes a row lock in Postgres per task and tick, so that session clean-up
 * and friends run once per cluster. Vendure runs scheduled tasks in workers only by default.
 */
export function schedulerPlugin(): Type<unknown> {
    return DefaultSchedulerPlugin.init();
}
