import { createRequire } from 'node:module';
import path from 'node:path';

import { ApolloServer, HeaderMap } from '@apollo/server';
import { GraphQLTypesLoader } from '@nestjs/graphql';
import { DefaultSearchPlugin, defaultConfig, getFinalVendureSchema, mergeConfig } from '@vendure/core';
import { DashboardPlugin } from '@vendure/dashboard/plugin';
import type { GraphQLSchema } from 'graphql';

import type { VendureApi } from '../src/limits/api-of-schema';
import { operationLimits, type OperationLimitsOptions } from '../src/limits/operation-limits';

const require = createRequire(__filename);

/**
 * Vendure's real Shop and Admin API schemas, built from its schema files and the plugins that
 * extend them, as a server builds them at start-up (and as the Dashboard's build does); no
 * database needed.
 */
export async function vendureSchema(api: VendureApi): Promise<GraphQLSchema> {
    const config = mergeConfig(defaultConfig, {
        plugins: [DefaultSearchPlugin.init({ indexStockStatus: true }), DashboardPlugin.init({ route: 'dashboard', appDir: 'dist/dashboard' })],
    });
    const schemaDir = path.join(path.dirname(require.resolve('@vendure/core/package.json')), 'dist/api/schema');
    const typePaths = [`${api}-api`, 'common'].map(dir => path.join(schemaDir, dir, '*.graphql'));
    return (await getFinalVendureSchema({ config, typePaths, typesLoader: new GraphQLTypesLoader(), apiType: api })) as GraphQLSchema;
}

export interface Answer {
    status: number;
    errors: string[];
}

export type Send = (api: VendureApi, query: string, variables?: Record<string, unknown>, operationName?: string) => Promise<Answer>;

/**
 * Apollo Server as Vendure configures each API (the API's validation rules; one plugin list for
 * both), with execution replaced by an empty answer: what is left is exactly what the limits
 * decide. Returns a function that sends one operation and reports its status and error messages.
 */
export async function limitedApis(options: OperationLimitsOptions, schemas: Record<VendureApi, GraphQLSchema>) {
    const limits = operationLimits(options);
    const skipExecution = {
        async requestDidStart() {
            return {
                async responseForOperation() {
                    return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single' as const, singleResult: { data: {} } } };
                },
            };
        },
    };
    const servers = {
        shop: new ApolloServer({ schema: schemas.shop, validationRules: limits.shopApiValidationRules, plugins: [...limits.apolloServerPlugins, skipExecution] }),
        admin: new ApolloServer({ schema: schemas.admin, validationRules: limits.adminApiValidationRules, plugins: [...limits.apolloServerPlugins, skipExecution] }),
    };
    await Promise.all(Object.values(servers).map(server => server.start()));

    const send: Send = async (api, query, variables, operationName) => {
        const response = await servers[api].executeOperation({ query, variables, operationName });
        const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
        return { status: response.http.status ?? 200, errors: (result.errors ?? []).map(error => error.message) };
    };
    const stop = () => Promise.all(Object.values(servers).map(server => server.stop()));
    return { send, stop };
}
