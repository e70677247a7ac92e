import { LanguageCode, type ParsedProductVariant, type ParsedProductWithVariants } from '@vendure/core';

import { SeededRandom } from './seeded-random';
import {
    BRANDS,
    CLOSINGS,
    DEPARTMENTS,
    EDITIONS,
    MATERIALS,
    MIDDLES,
    MODELS,
    OPENINGS,
    OPTION_VALUES,
    type Category,
    type Department,
} from './vocabulary';

/** The facets every generated product carries (lower-case names, as Vendure's sample catalogue names its own). */
export const FACETS = { department: 'department', category: 'category', brand: 'brand', material: 'material', colour: 'color' } as const;

/** The tax category of every variant; the importer matches it by name. */
export const TAX_CATEGORY = 'standard';

export interface GeneratedProduct {
    index: number;
    slug: string;
    name: string;
    department: Department;
    category: Category;
    /** What Vendure's Importer takes (importProducts), one product with its variants. */
    row: ParsedProductWithVariants;
    /** A number to choose the product's image from whatever pool of images the import has. */
    imageSeed: number;
}

const ALL_CATEGORIES = DEPARTMENTS.flatMap(department => department.categories.map(category => ({ department, category })));

/** Lower-case words joined by dashes, as Vendure normalises slugs. */
export function slugify(text: string): string {
    return text
        .toLowerCase()
        .replace(/&/g, ' and ')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
}

function fill(template: string, words: Record<string, string>): string {
    return template.replace(/\{(\w+)\}/g, (_, key: string) => words[key] ?? key);
}

/** 4 to 7 sentences in two or three paragraphs: about 350 to 1,100 characters, like a real shop's. */
function description(random: SeededRandom, words: Record<string, string>, features: readonly string[]): string {
    const [feature, feature2] = random.sample(features, 2);
    const all = { ...words, feature, feature2: feature2 ?? feature };
    const middles = random.sample(MIDDLES, random.int(2, 5)).map(sentence => fill(sentence, all));
    const paragraphs = [
        [fill(random.pick(OPENINGS), all), ...middles.slice(0, 2)],
        middles.slice(2),
        [fill(random.pick(CLOSINGS), all)],
    ].filter(sentences => sentences.length);
    return paragraphs.map(sentences => `<p>${sentences.join(' ')}</p>`).join('\n');
}

const price = (value: number) => Math.round(value) - 0.01;

/**
 * Product `index` of the catalogue seeded with `seed`: the same product whatever the catalogue's
 * size and whichever products were generated before, so a larger catalogue extends a smaller one.
 */
export function generateProduct(seed: number, index: number): GeneratedProduct {
    const random = SeededRandom.forItem(seed, index);
    const { department, category } = random.pick(ALL_CATEGORIES);
    const brand = random.pick(BRANDS);
    const model = random.pick(MODELS);
    const edition = random.chance(0.35) ? ` ${random.pick(EDITIONS)}` : '';
    const noun = random.pick(category.nouns);
    const material = random.pick(MATERIALS);
    const name = `${brand} ${model}${edition} ${noun}`;
    const slug = `${slugify(name)}-${index}`;
    const text = description(random, { brand, model: `${model}${edition}`, noun: noun.toLowerCase(), material: material.toLowerCase(), category: category.name.toLowerCase() }, category.features);

    const base = category.price[0] + random.next() ** 2 * (category.price[1] - category.price[0]);
    const optionKind = category.options === 'none' || random.chance(0.2) ? undefined : OPTION_VALUES[category.options];
    const values = optionKind ? optionKind.values.filter(() => random.chance(0.5)).slice(0, 4) : [];
    const options = optionKind && values.length ? values : [];
    const sku = `${slugify(brand).slice(0, 3).toUpperCase()}${String(index).padStart(6, '0')}`;

    const variant = (optionValue: string | undefined, position: number): ParsedProductVariant => ({
        sku: optionValue ? `${sku}-${slugify(optionValue).toUpperCase()}` : sku,
        // Colours cost the same; a larger size, capacity or pack costs more.
        price: price(category.options === 'colour' ? base : base * (1 + 0.15 * position)),
        taxCategory: TAX_CATEGORY,
        // About one variant in ten is sold out, so that inStock filters something.
        stockOnHand: random.chance(0.1) ? 0 : random.int(1, 250),
        trackInventory: 'TRUE' as ParsedProductVariant['trackInventory'],
        assetPaths: [],
        facets:
            optionValue && category.options === 'colour'
                ? [{ translations: [{ languageCode: LanguageCode.en, facet: FACETS.colour, value: optionValue }] }]
                : [],
        translations: [{ languageCode: LanguageCode.en, optionValues: optionValue ? [optionValue] : [], customFields: {} }],
    });

    const facet = (facetName: string, value: string) => ({ translations: [{ languageCode: LanguageCode.en, facet: facetName, value }] });
    return {
        index,
        slug,
        name,
        department,
        category,
        imageSeed: random.int(0, 1_000_000),
        row: {
            product: {
                assetPaths: [],
                optionGroups: optionKind && options.length
                    ? [{ translations: [{ languageCode: LanguageCode.en, name: optionKind.group, values: options }] }]
                    : [],
                facets: [
                    facet(FACETS.department, department.name),
                    facet(FACETS.category, category.name),
                    facet(FACETS.brand, brand),
                    facet(FACETS.material, material),
                ],
                translations: [{ languageCode: LanguageCode.en, name, slug, description: text, customFields: {} }],
            },
            variants: options.length ? options.map((value, i) => variant(value, i)) : [variant(undefined, 0)],
        },
    };
}

/** Products [from, to) of the catalogue seeded with `seed`. */
export function generateProducts(seed: number, from: number, to: number): GeneratedProduct[] {
    return Array.from({ length: Math.max(0, to - from) }, (_, i) => generateProduct(seed, from + i));
}
