import { z } from 'zod';

/**
 * This shop's own settings, validated in the same pass as the cluster's (`readEnv(…, { extend })`),
 * so that a bad environment is still one message naming every bad variable.
 */
export const shopEnvShape = {
    /** A directory every instance shares (a volume). */
    ASSET_DIR: z.string().trim().min(1).default('static/assets'),
    ASSET_URL_PREFIX: z.url({ error: 'expected an absolute URL' }).optional(),
    ADMIN_UI: z
        .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
        .default('true')
        .transform(value => value === 'true' || value === '1'),
    /**
     * Where the admin UI's files are served from. The admin UI plugin rewrites two of them at every
     * start, so a read-only root filesystem needs a writable copy (docker/entrypoint.sh makes one);
     * unset = the files inside node_modules.
     */
    ADMIN_UI_APP_PATH: z.string().trim().min(1).optional(),
    /** Comma-separated origins allowed to call the APIs cross-site; empty = same origin only. */
    CORS_ORIGINS: z
        .string()
        .default('')
        .transform(value =>
            value
                .split(',')
                .map(origin => origin.trim())
                .filter(Boolean),
        )
        .pipe(z.array(z.url({ error: 'expected a comma-separated list of URLs' }))),
    /** The migrate role imports Vendure's sample catalogue into an empty database. */
    SEED_SAMPLE_DATA: z
        .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
        .default('false')
        .transform(value => value === 'true' || value === '1'),
};

export type ShopSettings = z.output<z.ZodObject<typeof shopEnvShape>>;
