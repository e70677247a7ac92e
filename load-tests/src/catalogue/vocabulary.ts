/**
 * The words the generated catalogue is made of: departments and their categories (each a
 * collection and a facet value), brands, materials, colours and the sentences of descriptions.
 * None of the names are those of Vendure's sample catalogue, so the two can live in one shop.
 */

/** Which option group a category's products vary by. */
export type OptionKind = 'colour' | 'size' | 'capacity' | 'pack' | 'none';

export interface Category {
    name: string;
    slug: string;
    /** Product nouns; the last word is what a shopper types. */
    nouns: readonly string[];
    options: OptionKind;
    /** Base price range in major units. */
    price: readonly [number, number];
    features: readonly string[];
}

export interface Department {
    name: string;
    slug: string;
    categories: readonly Category[];
}

export const DEPARTMENTS: readonly Department[] = [
    {
        name: 'Audio & Hi-Fi',
        slug: 'audio-hi-fi',
        categories: [
            { name: 'Headphones', slug: 'headphones', nouns: ['Wireless Headphones', 'Over-Ear Headphones', 'Studio Headphones', 'Noise-Cancelling Headphones'], options: 'colour', price: [39, 399], features: ['40 mm drivers', 'a 30-hour battery', 'active noise cancelling', 'a folding headband', 'memory-foam ear cushions'] },
            { name: 'Earbuds', slug: 'earbuds', nouns: ['True Wireless Earbuds', 'Sport Earbuds', 'In-Ear Monitors'], options: 'colour', price: [25, 249], features: ['a pocket charging case', 'sweat resistance', 'touch controls', 'three sizes of silicone tips'] },
            { name: 'Speakers', slug: 'speakers', nouns: ['Bluetooth Speaker', 'Bookshelf Speakers', 'Smart Speaker', 'Soundbar'], options: 'colour', price: [29, 899], features: ['a passive bass radiator', 'stereo pairing', 'a water-resistant shell', 'room-filling sound'] },
            { name: 'Turntables', slug: 'turntables', nouns: ['Turntable', 'Record Player', 'Phono Preamp'], options: 'none', price: [89, 1199], features: ['a belt drive', 'a die-cast platter', 'an adjustable counterweight', 'a built-in preamp'] },
            { name: 'Microphones', slug: 'microphones', nouns: ['USB Microphone', 'Condenser Microphone', 'Lavalier Microphone'], options: 'none', price: [19, 499], features: ['a cardioid pattern', 'a zero-latency monitor jack', 'a shock mount', 'a pop filter'] },
        ],
    },
    {
        name: 'Kitchen & Dining',
        slug: 'kitchen-dining',
        categories: [
            { name: 'Cookware', slug: 'cookware', nouns: ['Frying Pan', 'Saucepan', 'Dutch Oven', 'Wok', 'Stockpot'], options: 'size', price: [19, 349], features: ['a tri-ply base', 'oven safety up to 260 °C', 'riveted handles', 'a non-stick ceramic coating'] },
            { name: 'Knives', slug: 'knives', nouns: ['Chef Knife', 'Santoku Knife', 'Paring Knife', 'Bread Knife', 'Knife Block'], options: 'none', price: [15, 399], features: ['a full-tang blade', 'Japanese steel', 'a pakka-wood handle', 'a hand-honed edge'] },
            { name: 'Coffee & Tea', slug: 'coffee-tea', nouns: ['Espresso Machine', 'Pour-Over Kettle', 'Burr Grinder', 'French Press', 'Teapot'], options: 'colour', price: [19, 1499], features: ['precise temperature control', 'a stepless grind adjustment', 'a borosilicate carafe', 'a gooseneck spout'] },
            { name: 'Tableware', slug: 'tableware', nouns: ['Dinner Plate Set', 'Stoneware Bowls', 'Wine Glasses', 'Cutlery Set'], options: 'pack', price: [12, 229], features: ['dishwasher safety', 'a reactive glaze', 'lead-free crystal', 'brushed stainless steel'] },
            { name: 'Small Appliances', slug: 'small-appliances', nouns: ['Blender', 'Toaster', 'Stand Mixer', 'Air Fryer', 'Rice Cooker'], options: 'colour', price: [29, 699], features: ['a 1200 W motor', 'six speed settings', 'a dishwasher-safe bowl', 'a keep-warm mode'] },
        ],
    },
    {
        name: 'Outdoor Living',
        slug: 'outdoor-living',
        categories: [
            { name: 'Camping', slug: 'camping', nouns: ['Dome Tent', 'Sleeping Bag', 'Camping Stove', 'Headlamp', 'Camp Chair'], options: 'colour', price: [15, 599], features: ['a 3000 mm hydrostatic head', 'a compression sack', 'a piezo igniter', 'ripstop nylon'] },
            { name: 'Hiking', slug: 'hiking', nouns: ['Hiking Boots', 'Trekking Poles', 'Daypack', 'Rain Jacket'], options: 'size', price: [25, 449], features: ['a waterproof membrane', 'a Vibram outsole', 'adjustable torso length', 'taped seams'] },
            { name: 'Garden Tools', slug: 'garden-tools', nouns: ['Pruning Shears', 'Garden Spade', 'Hose Reel', 'Wheelbarrow', 'Leaf Rake'], options: 'none', price: [9, 299], features: ['a carbon-steel blade', 'an ash-wood shaft', 'a rust-proof finish', 'an ergonomic grip'] },
            { name: 'Barbecue', slug: 'barbecue', nouns: ['Charcoal Grill', 'Gas Barbecue', 'Pizza Oven', 'Grill Thermometer'], options: 'none', price: [19, 1299], features: ['cast-iron grates', 'a lid thermometer', 'a side burner', 'an ash catcher'] },
            { name: 'Patio Furniture', slug: 'patio-furniture', nouns: ['Lounge Chair', 'Patio Table', 'Hammock', 'Parasol'], options: 'colour', price: [39, 1499], features: ['powder-coated aluminium', 'quick-dry cushions', 'UV-resistant fabric', 'a folding frame'] },
        ],
    },
    {
        name: 'Fitness',
        slug: 'fitness',
        categories: [
            { name: 'Strength Training', slug: 'strength-training', nouns: ['Adjustable Dumbbells', 'Kettlebell', 'Weight Bench', 'Resistance Bands'], options: 'size', price: [15, 899], features: ['a knurled grip', 'a rubber-coated head', 'a steel frame', 'a quick-change dial'] },
            { name: 'Yoga', slug: 'yoga', nouns: ['Yoga Mat', 'Yoga Block', 'Meditation Cushion', 'Yoga Strap'], options: 'colour', price: [9, 149], features: ['a non-slip surface', 'natural cork', 'alignment lines', 'a carrying strap'] },
            { name: 'Cardio Equipment', slug: 'cardio-equipment', nouns: ['Exercise Bike', 'Rowing Machine', 'Treadmill', 'Jump Rope'], options: 'none', price: [12, 2499], features: ['magnetic resistance', 'a heart-rate monitor', 'a foldable frame', 'Bluetooth training apps'] },
            { name: 'Running', slug: 'running', nouns: ['Running Shoes', 'Running Vest', 'Running Tights', 'Hydration Belt'], options: 'size', price: [19, 249], features: ['a responsive foam midsole', 'reflective details', 'breathable mesh', 'a secure phone pocket'] },
            { name: 'Cycling', slug: 'cycling', nouns: ['Cycling Helmet', 'Bike Light Set', 'Cycling Jersey', 'Bike Pump'], options: 'size', price: [12, 399], features: ['MIPS protection', 'USB-C charging', 'a full-length zip', 'a pressure gauge'] },
        ],
    },
    {
        name: 'Home Office',
        slug: 'home-office',
        categories: [
            { name: 'Desks', slug: 'desks', nouns: ['Standing Desk', 'Writing Desk', 'Corner Desk', 'Desk Converter'], options: 'size', price: [99, 1299], features: ['dual motors', 'a memory keypad', 'a solid-oak top', 'cable management'] },
            { name: 'Office Chairs', slug: 'office-chairs', nouns: ['Ergonomic Chair', 'Task Chair', 'Kneeling Chair', 'Drafting Stool'], options: 'colour', price: [79, 1199], features: ['adjustable lumbar support', '4D armrests', 'a breathable mesh back', 'a synchro-tilt mechanism'] },
            { name: 'Lighting', slug: 'lighting', nouns: ['Desk Lamp', 'Monitor Light Bar', 'Floor Lamp', 'Ring Light'], options: 'colour', price: [19, 399], features: ['dimmable LEDs', 'adjustable colour temperature', 'a weighted base', 'glare-free optics'] },
            { name: 'Stationery', slug: 'stationery', nouns: ['Fountain Pen', 'Dotted Notebook', 'Desk Organiser', 'Planner'], options: 'pack', price: [4, 189], features: ['a steel nib', '100 gsm paper', 'a lay-flat binding', 'recycled materials'] },
            { name: 'Computer Accessories', slug: 'computer-accessories', nouns: ['Mechanical Keyboard', 'Ergonomic Mouse', 'USB-C Hub', 'Webcam', 'Laptop Stand'], options: 'colour', price: [15, 299], features: ['hot-swappable switches', 'a 4K sensor', 'an aluminium body', 'multi-device pairing'] },
        ],
    },
    {
        name: 'Toys & Games',
        slug: 'toys-games',
        categories: [
            { name: 'Board Games', slug: 'board-games', nouns: ['Strategy Game', 'Party Game', 'Cooperative Game', 'Chess Set'], options: 'none', price: [12, 149], features: ['two to six players', 'a 45-minute play time', 'hand-painted miniatures', 'a linen-finish board'] },
            { name: 'Puzzles', slug: 'puzzles', nouns: ['Jigsaw Puzzle', 'Wooden Puzzle', 'Puzzle Box', 'Brain Teaser'], options: 'pack', price: [8, 89], features: ['1000 pieces', 'a poster guide', 'laser-cut wood', 'a storage bag'] },
            { name: 'Building Sets', slug: 'building-sets', nouns: ['Building Blocks', 'Marble Run', 'Robot Kit', 'Construction Set'], options: 'none', price: [15, 299], features: ['over 500 pieces', 'step-by-step instructions', 'a programmable controller', 'compatible bricks'] },
            { name: 'Outdoor Play', slug: 'outdoor-play', nouns: ['Kite', 'Water Blaster', 'Balance Bike', 'Play Tent'], options: 'colour', price: [9, 249], features: ['a ripstop sail', 'puncture-proof tyres', 'a pop-up frame', 'a long-range nozzle'] },
            { name: 'Plush Toys', slug: 'plush-toys', nouns: ['Teddy Bear', 'Plush Dragon', 'Soft Bunny', 'Plush Whale'], options: 'size', price: [9, 79], features: ['embroidered eyes', 'recycled filling', 'machine washability', 'extra-soft fur'] },
        ],
    },
    {
        name: 'Beauty & Care',
        slug: 'beauty-care',
        categories: [
            { name: 'Skincare', slug: 'skincare', nouns: ['Face Serum', 'Moisturiser', 'Cleansing Balm', 'Sunscreen'], options: 'capacity', price: [9, 129], features: ['hyaluronic acid', 'SPF 50', 'a fragrance-free formula', 'vitamin C'] },
            { name: 'Hair Care', slug: 'hair-care', nouns: ['Shampoo', 'Conditioner', 'Hair Dryer', 'Straightener'], options: 'capacity', price: [7, 349], features: ['ionic technology', 'argan oil', 'a sulphate-free formula', 'three heat settings'] },
            { name: 'Fragrance', slug: 'fragrance', nouns: ['Eau de Parfum', 'Eau de Toilette', 'Scented Candle', 'Diffuser'], options: 'capacity', price: [14, 249], features: ['notes of bergamot and cedar', 'a soy-wax blend', 'a 60-hour burn time', 'rattan reeds'] },
            { name: 'Bath & Body', slug: 'bath-body', nouns: ['Body Lotion', 'Bath Salts', 'Shower Gel', 'Hand Cream'], options: 'capacity', price: [5, 69], features: ['shea butter', 'Dead Sea minerals', 'a pump bottle', 'essential oils'] },
            { name: 'Grooming', slug: 'grooming', nouns: ['Beard Trimmer', 'Safety Razor', 'Shaving Brush', 'Electric Shaver'], options: 'none', price: [9, 299], features: ['self-sharpening blades', 'a 90-minute runtime', 'badger-free bristles', 'a travel lock'] },
        ],
    },
    {
        name: 'Pet Supplies',
        slug: 'pet-supplies',
        categories: [
            { name: 'Dog Gear', slug: 'dog-gear', nouns: ['Dog Harness', 'Dog Lead', 'Dog Bed', 'Chew Toy'], options: 'size', price: [7, 189], features: ['reflective stitching', 'a padded chest plate', 'orthopaedic foam', 'tough natural rubber'] },
            { name: 'Cat Gear', slug: 'cat-gear', nouns: ['Cat Tree', 'Scratching Post', 'Cat Bed', 'Litter Box'], options: 'colour', price: [9, 249], features: ['sisal rope', 'a washable cover', 'a hooded design', 'multiple perches'] },
            { name: 'Aquarium', slug: 'aquarium', nouns: ['Aquarium Kit', 'Aquarium Filter', 'Aquarium Heater', 'LED Aquarium Light'], options: 'capacity', price: [12, 599], features: ['a silent pump', 'an adjustable thermostat', 'full-spectrum LEDs', 'a low-iron glass tank'] },
            { name: 'Pet Food Storage', slug: 'pet-food-storage', nouns: ['Food Container', 'Automatic Feeder', 'Water Fountain', 'Treat Jar'], options: 'capacity', price: [9, 149], features: ['an airtight seal', 'a programmable timer', 'a triple filter', 'BPA-free plastic'] },
            { name: 'Bird Supplies', slug: 'bird-supplies', nouns: ['Bird Feeder', 'Bird House', 'Bird Bath', 'Nesting Box'], options: 'none', price: [9, 119], features: ['squirrel resistance', 'cedar wood', 'a weatherproof roof', 'easy cleaning'] },
        ],
    },
];

/** Made-up brands, so that no real one is implied. */
export const BRANDS: readonly string[] = [
    'Aldervane', 'Brightwell', 'Corvasse', 'Dunmore', 'Elbridge', 'Fenwick & Co', 'Glenholt', 'Harrowgate', 'Ivelle', 'Jadeport',
    'Kestrel', 'Lumenra', 'Marlowe', 'Northvale', 'Oakhurst', 'Pellion', 'Quarry Lane', 'Ravensworth', 'Solvik', 'Tamsin',
    'Umbria', 'Velora', 'Westmarch', 'Xandor', 'Yarrow', 'Zephyrine', 'Ashgrove', 'Bellcourt', 'Cindervale', 'Driftwood',
];

/** Model names put between brand and noun. */
export const MODELS: readonly string[] = [
    'Aria', 'Nova', 'Pulse', 'Summit', 'Ember', 'Vista', 'Orbit', 'Halo', 'Drift', 'Atlas', 'Echo', 'Prism', 'Tundra', 'Zenith',
    'Comet', 'Cascade', 'Nimbus', 'Quartz', 'Sable', 'Terra', 'Vertex', 'Willow', 'Arc', 'Breeze', 'Cobalt', 'Dune', 'Fjord',
    'Glacier', 'Harbor', 'Indigo', 'Juniper', 'Kodiak', 'Lagoon', 'Meridian', 'Nomad', 'Onyx', 'Pioneer', 'Ridge', 'Solstice', 'Tempo',
];

export const EDITIONS: readonly string[] = ['Pro', 'Lite', 'Max', 'Mini', 'Plus', 'II', 'III', 'Classic', 'Sport', 'Studio'];

export const MATERIALS: readonly string[] = ['Aluminium', 'Bamboo', 'Cotton', 'Leather', 'Oak', 'Recycled Plastic', 'Stainless Steel', 'Wool', 'Ceramic', 'Glass'];

export const COLOURS: readonly string[] = ['Black', 'White', 'Slate Grey', 'Navy', 'Forest Green', 'Terracotta', 'Sand', 'Burgundy', 'Sky Blue', 'Mustard'];

export const OPTION_VALUES: Record<Exclude<OptionKind, 'none'>, { group: string; values: readonly string[] }> = {
    colour: { group: 'colour', values: COLOURS },
    size: { group: 'size', values: ['XS', 'S', 'M', 'L', 'XL'] },
    capacity: { group: 'capacity', values: ['50 ml', '100 ml', '250 ml', '500 ml'] },
    pack: { group: 'pack', values: ['Single', 'Pack of 2', 'Pack of 4', 'Pack of 6'] },
};

/** Description sentences: {noun}, {brand}, {model}, {material}, {feature}, {feature2}, {category} are filled in. */
export const OPENINGS: readonly string[] = [
    'The {brand} {model} {noun} is built for people who use their things every day and expect them to last.',
    'Meet the {model}: a {noun} from {brand} that gets the basics right and then keeps going.',
    'Designed in-house by {brand}, the {model} {noun} balances performance, comfort and a fair price.',
    'If you have been looking for a {noun} that simply works, the {brand} {model} is a good place to stop looking.',
    'The {model} is the {noun} our customers ask about most, and after a week with it the reason is clear.',
];

export const MIDDLES: readonly string[] = [
    'It comes with {feature}, so it keeps up whether you use it for ten minutes or all afternoon.',
    'Thoughtful details such as {feature} and {feature2} set it apart from most of the {category} we have tested.',
    'The body is made of {material}, chosen because it ages well and is easy to keep clean.',
    'We paired {feature} with {feature2}; together they make the {model} feel at home in a busy household.',
    'Every unit is checked by hand before it leaves the workshop, and the {material} finish is treated to resist daily wear.',
    'Compared with the previous generation it is lighter, quieter and a little more efficient, without losing {feature}.',
    'Reviewers single out {feature} in particular, which is rare at this price among {category}.',
    'It packs down small, travels well, and sets up again in under a minute.',
];

export const CLOSINGS: readonly string[] = [
    'Care is simple: wipe with a soft, damp cloth and let it dry naturally. Replacement parts are available for at least five years.',
    '{brand} backs the {model} with a two-year warranty and a 30-day no-quibble return policy.',
    'In the box you will find the {noun}, a quick-start guide and everything you need to get going on day one.',
    'Packaging is plastic-free and fully recyclable, and the {material} components can be recycled at the end of their life.',
    'Pair it with other {category} from {brand} for a matching set.',
];
