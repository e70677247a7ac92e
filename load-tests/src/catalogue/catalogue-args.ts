import { parseArgs } from 'node:util';

export interface CatalogueArgs {
    products: number;
    seed: number;
    batchSize: number;
    concurrency: number;
    assets: boolean;
    /** After the import, measure Postgres time per search request for both search strategies. */
    measure: boolean;
    waitTimeoutMs: number;
    /** Where the import runs: inside the compose stack (`compose`), or here with the DB_* and REDIS_* of the environment (`direct`). */
    via: 'compose' | 'direct';
    /** The compose service whose image, settings, secrets and asset volume the import runs with. */
    service: string;
}

export const USAGE = `usage: catalogue --products=N [--seed=1] [--batch=50] [--concurrency=4] [--assets] [--measure] [--wait-timeout=3600] [--via=compose|direct] [--service=migrate]
  --products      how many products the catalogue has (products already there are kept, the missing ones imported;
                  0 imports nothing: --products=0 --measure measures the shop as it is)
  --seed          the catalogue's seed: the same seed and index always give the same product
  --batch         products per call of Vendure's importer
  --concurrency   calls of the importer at once
  --assets        give every product an image (from @vendure/create's sample images)
  --measure       then report Postgres time per search request, Vendure's default search strategy and the
                  shop's (EXPLAIN ANALYZE of each request's statements)
  --wait-timeout  seconds to wait for the workers to apply collection filters and reindex (0: do not wait)
  --via           compose: run inside the running compose stack (docker compose run, the default);
                  direct: run here, with the shop's settings (DB_*, REDIS_*, …) from the environment
  --service       the compose service to run as (default migrate)`;

function integer(name: string, value: string | undefined, fallback: number | undefined, min: number, max: number): number {
    if (value === undefined) {
        if (fallback === undefined) throw new Error(`--${name} is required\n${USAGE}`);
        return fallback;
    }
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${value}"\n${USAGE}`);
    }
    return parsed;
}

/** The generator's command line, shared by the host CLI and the import that runs in the stack. */
export function parseCatalogueArgs(argv: string[]): CatalogueArgs {
    const { values } = parseArgs({
        args: argv,
        strict: true,
        options: {
            products: { type: 'string' },
            seed: { type: 'string' },
            batch: { type: 'string' },
            concurrency: { type: 'string' },
            assets: { type: 'boolean', default: false },
            measure: { type: 'boolean', default: false },
            'wait-timeout': { type: 'string' },
            via: { type: 'string', default: 'compose' },
            service: { type: 'string', default: 'migrate' },
        },
    });
    if (values.via !== 'compose' && values.via !== 'direct') {
        throw new Error(`--via must be compose or direct, got "${values.via}"\n${USAGE}`);
    }
    return {
        // 0: import nothing, only check the index (and measure, with --measure).
        products: integer('products', values.products, undefined, 0, 1_000_000),
        seed: integer('seed', values.seed, 1, 0, 2 ** 31 - 1),
        batchSize: integer('batch', values.batch, 50, 1, 5_000),
        concurrency: integer('concurrency', values.concurrency, 4, 1, 16),
        assets: values.assets,
        measure: values.measure,
        waitTimeoutMs: integer('wait-timeout', values['wait-timeout'], 3_600, 0, 86_400) * 1000,
        via: values.via,
        service: values.service,
    };
}

/** The arguments again, for the import the CLI starts inside the stack. */
export function importArgv(args: CatalogueArgs): string[] {
    return [
        `--products=${args.products}`,
        `--seed=${args.seed}`,
        `--batch=${args.batchSize}`,
        `--concurrency=${args.concurrency}`,
        `--wait-timeout=${args.waitTimeoutMs / 1000}`,
        ...(args.assets ? ['--assets'] : []),
        ...(args.measure ? ['--measure'] : []),
    ];
}
