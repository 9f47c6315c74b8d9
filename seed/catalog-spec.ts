/**
 * What the seed catalog is made of: categories with their brands, price ranges, attributes,
 * features and use cases. The generator combines these deterministically into products whose
 * titles, attributes and descriptions agree with each other.
 */
export type AttributeSpec =
  | { kind: 'pick'; values: readonly string[]; inTitle?: boolean }
  | { kind: 'flag'; probability: number; titleWord: string; phrase: string };

export type SubcategorySpec = {
  path: string;
  nouns: readonly string[];
  brands: readonly string[];
  price: readonly [number, number];
  attributes: Readonly<Record<string, AttributeSpec>>;
  features: readonly string[];
  useCases: readonly string[];
};

const APPAREL_COLORS = ['black', 'white', 'navy', 'gray', 'olive', 'red', 'blue', 'green', 'beige', 'burgundy', 'pink', 'brown'] as const;
const GEAR_COLORS = ['black', 'gray', 'blue', 'red', 'green', 'orange', 'yellow', 'olive'] as const;
const DEVICE_COLORS = ['black', 'silver', 'white', 'gray', 'blue'] as const;
const HOME_COLORS = ['white', 'gray', 'beige', 'black', 'navy', 'green', 'brown', 'blue'] as const;
const CLOTHING_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
const SHOE_SIZES = ['6', '7', '8', '9', '10', '11', '12', '13'] as const;
const ADULT_GENDERS = ['men', 'women', 'unisex'] as const;

const pick = (values: readonly string[], inTitle = false): AttributeSpec => ({ kind: 'pick', values, inTitle });
const flag = (probability: number, titleWord: string, phrase: string): AttributeSpec => ({ kind: 'flag', probability, titleWord, phrase });

export const CATALOG_SPEC: readonly SubcategorySpec[] = [
  // --- Apparel ---
  {
    path: 'Apparel > T-Shirts',
    nouns: ['T-Shirt', 'Crew Neck Tee', 'V-Neck Tee', 'Graphic Tee'],
    brands: ['Patagonia', 'Uniqlo', "Levi's", 'Hanes', 'Everlane', 'Champion'],
    price: [12, 55],
    attributes: { color: pick(APPAREL_COLORS), size: pick(CLOTHING_SIZES), material: pick(['cotton', 'organic cotton', 'polyester', 'linen', 'merino wool']), gender: pick(ADULT_GENDERS) },
    features: ['a relaxed fit', 'reinforced shoulder seams', 'a tagless collar', 'pre-shrunk fabric', 'a soft brushed finish'],
    useCases: ['everyday wear', 'layering', 'the gym', 'weekend errands'],
  },
  {
    path: 'Apparel > Jackets',
    nouns: ['Rain Jacket', 'Puffer Jacket', 'Fleece Jacket', 'Softshell Jacket', 'Parka'],
    brands: ['Patagonia', 'The North Face', "Arc'teryx", 'Columbia', 'Marmot', 'Helly Hansen'],
    price: [60, 420],
    attributes: { color: pick(APPAREL_COLORS), size: pick(CLOTHING_SIZES), material: pick(['nylon', 'polyester', 'down', 'fleece', 'Gore-Tex']), gender: pick(ADULT_GENDERS), waterproof: flag(0.5, 'Waterproof', 'a waterproof, seam-sealed shell') },
    features: ['an adjustable hood', 'zippered hand pockets', 'pit zips for ventilation', 'a packable design', 'a drop-tail hem'],
    useCases: ['rainy commutes', 'winter city walks', 'hiking in cold weather', 'travel'],
  },
  {
    path: 'Apparel > Jeans',
    nouns: ['Slim Jeans', 'Straight Jeans', 'Relaxed Jeans', 'Skinny Jeans'],
    brands: ["Levi's", 'Wrangler', 'Lee', 'Everlane', 'Uniqlo'],
    price: [35, 140],
    attributes: { color: pick(['blue', 'black', 'gray', 'white']), size: pick(['28', '30', '32', '34', '36', '38']), material: pick(['denim', 'stretch denim', 'organic cotton']), gender: pick(ADULT_GENDERS) },
    features: ['a five-pocket design', 'a mid-rise waist', 'a button fly', 'a touch of stretch'],
    useCases: ['everyday wear', 'casual Fridays', 'weekend outings'],
  },
  {
    path: 'Apparel > Hoodies',
    nouns: ['Hoodie', 'Pullover Hoodie', 'Zip Hoodie', 'Sweatshirt'],
    brands: ['Champion', 'Nike', 'Adidas', 'Carhartt', 'Patagonia'],
    price: [30, 110],
    attributes: { color: pick(APPAREL_COLORS), size: pick(CLOTHING_SIZES), material: pick(['cotton', 'fleece', 'polyester', 'organic cotton']), gender: pick(ADULT_GENDERS) },
    features: ['a kangaroo pocket', 'ribbed cuffs', 'a lined hood', 'a brushed fleece interior'],
    useCases: ['lounging', 'cool evenings', 'the gym', 'campus life'],
  },
  {
    path: 'Apparel > Dresses',
    nouns: ['Wrap Dress', 'Midi Dress', 'Maxi Dress', 'Shirt Dress', 'Sundress'],
    brands: ['Reformation', 'Madewell', 'Everlane', 'Zara', 'H&M'],
    price: [30, 220],
    attributes: { color: pick(APPAREL_COLORS), size: pick(CLOTHING_SIZES), material: pick(['linen', 'cotton', 'silk', 'viscose', 'polyester']), gender: pick(['women']) },
    features: ['adjustable straps', 'side pockets', 'a flattering A-line cut', 'a smocked back'],
    useCases: ['summer weddings', 'the office', 'date nights', 'vacations'],
  },
  // --- Shoes ---
  {
    path: 'Shoes > Hiking',
    nouns: ['Hiking Boots', 'Trail Boots', 'Hiking Shoes', 'Backpacking Boots'],
    brands: ['Salomon', 'Merrell', 'Keen', 'Columbia', 'Vasque', 'Lowa', 'Oboz'],
    price: [70, 260],
    attributes: { color: pick(['brown', 'black', 'gray', 'olive', 'blue', 'tan']), size: pick(SHOE_SIZES), material: pick(['leather', 'suede', 'synthetic', 'nubuck']), gender: pick(ADULT_GENDERS), waterproof: flag(0.55, 'Waterproof', 'a waterproof membrane that keeps feet dry') },
    features: ['a Vibram outsole with deep lugs', 'a cushioned EVA midsole', 'a protective rubber toe cap', 'a padded ankle collar', 'a gusseted tongue'],
    useCases: ['day hikes', 'rocky trails', 'multi-day backpacking', 'muddy paths'],
  },
  {
    path: 'Shoes > Running',
    nouns: ['Running Shoes', 'Trail Running Shoes', 'Road Running Shoes', 'Racing Flats'],
    brands: ['Nike', 'Adidas', 'Brooks', 'Asics', 'Hoka', 'New Balance', 'Saucony'],
    price: [60, 220],
    attributes: { color: pick(['black', 'white', 'blue', 'red', 'gray', 'pink', 'green', 'orange']), size: pick(SHOE_SIZES), material: pick(['mesh', 'knit', 'synthetic']), gender: pick(ADULT_GENDERS), waterproof: flag(0.12, 'Waterproof', 'a waterproof upper for wet runs') },
    features: ['a responsive foam midsole', 'a breathable engineered mesh upper', 'a carbon plate', 'a grippy rubber outsole', 'reflective details'],
    useCases: ['marathon training', 'daily runs', 'tempo workouts', 'treadmill sessions'],
  },
  {
    path: 'Shoes > Sneakers',
    nouns: ['Sneakers', 'Low-Top Sneakers', 'High-Top Sneakers', 'Slip-On Sneakers'],
    brands: ['Converse', 'Vans', 'Nike', 'Adidas', 'Veja', 'Puma'],
    price: [45, 160],
    attributes: { color: pick(['white', 'black', 'red', 'navy', 'gray', 'green', 'beige']), size: pick(SHOE_SIZES), material: pick(['canvas', 'leather', 'suede', 'knit']), gender: pick(ADULT_GENDERS) },
    features: ['a vulcanized rubber sole', 'a padded collar', 'a cushioned insole', 'classic lace-up styling'],
    useCases: ['everyday wear', 'casual outfits', 'walking around town'],
  },
  {
    path: 'Shoes > Sandals',
    nouns: ['Sandals', 'Slide Sandals', 'Sport Sandals', 'Flip Flops'],
    brands: ['Teva', 'Birkenstock', 'Chaco', 'Keen', 'Havaianas'],
    price: [20, 150],
    attributes: { color: pick(['black', 'brown', 'tan', 'blue', 'white', 'green']), size: pick(SHOE_SIZES), material: pick(['leather', 'rubber', 'cork', 'synthetic']), gender: pick(ADULT_GENDERS), waterproof: flag(0.5, 'Water-Ready', 'water-ready straps that dry fast') },
    features: ['a contoured footbed', 'adjustable straps', 'a grippy outsole', 'arch support'],
    useCases: ['the beach', 'summer days', 'river crossings', 'travel'],
  },
  {
    path: 'Shoes > Dress Shoes',
    nouns: ['Oxford Shoes', 'Loafers', 'Derby Shoes', 'Chelsea Boots'],
    brands: ['Cole Haan', 'Allen Edmonds', 'Clarks', 'Dr. Martens', 'Florsheim'],
    price: [80, 380],
    attributes: { color: pick(['black', 'brown', 'burgundy', 'tan']), size: pick(SHOE_SIZES), material: pick(['leather', 'suede', 'patent leather']), gender: pick(ADULT_GENDERS) },
    features: ['a Goodyear welt', 'a leather lining', 'a cushioned footbed', 'a stacked heel'],
    useCases: ['the office', 'weddings', 'formal events', 'interviews'],
  },
  // --- Electronics ---
  {
    path: 'Electronics > Headphones',
    nouns: ['Wireless Headphones', 'Noise Cancelling Headphones', 'Wireless Earbuds', 'Over-Ear Headphones', 'Sports Earbuds'],
    brands: ['Sony', 'Bose', 'Apple', 'Sennheiser', 'JBL', 'Anker', 'Jabra'],
    price: [25, 450],
    attributes: { color: pick(DEVICE_COLORS), connectivity: pick(['bluetooth', 'wired', 'bluetooth and wired']), noise_cancelling: flag(0.5, 'ANC', 'active noise cancelling'), battery_hours: pick(['8', '20', '30', '40', '60']), waterproof: flag(0.25, 'Sweatproof', 'an IPX4 sweat- and water-resistant build') },
    features: ['multipoint pairing', 'a built-in microphone for calls', 'fast charging', 'a companion app with EQ', 'a foldable design'],
    useCases: ['commuting', 'flights', 'working out', 'focus at work'],
  },
  {
    path: 'Electronics > Laptops',
    nouns: ['Laptop', 'Ultrabook', 'Gaming Laptop', '2-in-1 Laptop', 'Chromebook'],
    brands: ['Apple', 'Dell', 'Lenovo', 'HP', 'Asus', 'Acer', 'Microsoft'],
    price: [250, 2800],
    attributes: { color: pick(['silver', 'gray', 'black', 'blue']), screen_size: pick(['13', '14', '15.6', '16', '17'], true), ram_gb: pick(['8', '16', '32', '64']), storage_gb: pick(['256', '512', '1024', '2048']) },
    features: ['a backlit keyboard', 'all-day battery life', 'a high-refresh display', 'Thunderbolt ports', 'a fingerprint reader'],
    useCases: ['students', 'programming', 'gaming', 'video editing', 'business travel'],
  },
  {
    path: 'Electronics > Phones',
    nouns: ['Smartphone', 'Unlocked Smartphone', '5G Smartphone'],
    brands: ['Apple', 'Samsung', 'Google', 'OnePlus', 'Motorola', 'Nokia'],
    price: [150, 1500],
    attributes: { color: pick(DEVICE_COLORS), storage_gb: pick(['64', '128', '256', '512']), screen_size: pick(['6.1', '6.4', '6.7']), waterproof: flag(0.7, 'Water-Resistant', 'IP68 water resistance') },
    features: ['a triple-lens camera', 'wireless charging', 'a bright OLED display', 'five years of updates'],
    useCases: ['photography', 'everyday use', 'gaming on the go', 'business'],
  },
  {
    path: 'Electronics > Speakers',
    nouns: ['Bluetooth Speaker', 'Smart Speaker', 'Portable Speaker', 'Soundbar'],
    brands: ['JBL', 'Sonos', 'Bose', 'Ultimate Ears', 'Anker', 'Marshall'],
    price: [30, 900],
    attributes: { color: pick(DEVICE_COLORS), connectivity: pick(['bluetooth', 'wifi', 'bluetooth and wifi']), waterproof: flag(0.45, 'Waterproof', 'an IP67 waterproof, dustproof body'), battery_hours: pick(['10', '12', '20', '24']) },
    features: ['deep bass', '360-degree sound', 'voice assistant support', 'stereo pairing'],
    useCases: ['pool parties', 'the living room', 'camping trips', 'movie nights'],
  },
  {
    path: 'Electronics > TVs',
    nouns: ['4K Smart TV', 'OLED TV', 'QLED TV', 'LED TV'],
    brands: ['Samsung', 'LG', 'Sony', 'TCL', 'Hisense', 'Vizio'],
    price: [180, 3500],
    attributes: { screen_size: pick(['43', '50', '55', '65', '75', '85'], true), resolution: pick(['4K', '8K', '1080p']), color: pick(['black', 'silver']) },
    features: ['HDR10 and Dolby Vision', 'a 120 Hz refresh rate', 'built-in streaming apps', 'HDMI 2.1 ports for gaming'],
    useCases: ['movie nights', 'sports', 'console gaming', 'the bedroom'],
  },
  // --- Home ---
  {
    path: 'Home > Furniture',
    nouns: ['Sofa', 'Accent Chair', 'Coffee Table', 'Bookshelf', 'Desk'],
    brands: ['IKEA', 'West Elm', 'Article', 'Wayfair Basics', 'Zinus'],
    price: [60, 1800],
    attributes: { color: pick(HOME_COLORS), material: pick(['oak', 'walnut', 'pine', 'metal', 'velvet', 'linen', 'leather']) },
    features: ['tool-free assembly', 'solid wood legs', 'stain-resistant fabric', 'a compact footprint'],
    useCases: ['small apartments', 'the living room', 'a home office', 'the guest room'],
  },
  {
    path: 'Home > Bedding',
    nouns: ['Sheet Set', 'Duvet Cover', 'Comforter', 'Pillow', 'Weighted Blanket'],
    brands: ['Brooklinen', 'Parachute', 'Casper', 'Buffy', 'IKEA'],
    price: [20, 350],
    attributes: { color: pick(HOME_COLORS), size: pick(['twin', 'full', 'queen', 'king']), material: pick(['cotton percale', 'cotton sateen', 'linen', 'bamboo', 'microfiber']) },
    features: ['a breathable weave', 'deep pockets', 'an OEKO-TEX certification', 'corner ties'],
    useCases: ['hot sleepers', 'cozy winters', 'the guest room', 'everyday sleep'],
  },
  {
    path: 'Home > Lighting',
    nouns: ['Floor Lamp', 'Table Lamp', 'Desk Lamp', 'Pendant Light', 'Smart Bulb'],
    brands: ['Philips Hue', 'IKEA', 'West Elm', 'Govee', 'Lutron'],
    price: [15, 400],
    attributes: { color: pick(['white', 'black', 'brass', 'gray', 'natural']), material: pick(['metal', 'glass', 'ceramic', 'rattan', 'wood']), smart: flag(0.35, 'Smart', 'app and voice control') },
    features: ['dimmable warm light', 'an energy-saving LED', 'an adjustable arm', 'a fabric shade'],
    useCases: ['reading nooks', 'the bedroom', 'a home office', 'the living room'],
  },
  // --- Kitchen ---
  {
    path: 'Kitchen > Cookware',
    nouns: ['Frying Pan', 'Dutch Oven', 'Saucepan', 'Cookware Set', 'Wok'],
    brands: ['Lodge', 'Le Creuset', 'All-Clad', 'T-fal', 'Calphalon', 'Staub'],
    price: [20, 600],
    attributes: { material: pick(['cast iron', 'stainless steel', 'nonstick aluminum', 'carbon steel', 'enameled cast iron']), color: pick(['black', 'red', 'blue', 'silver', 'white']), dishwasher_safe: flag(0.5, 'Dishwasher-Safe', 'dishwasher-safe cleanup') },
    features: ['even heat distribution', 'oven-safe construction', 'a stay-cool handle', 'an induction-ready base'],
    useCases: ['searing steaks', 'weeknight dinners', 'slow braising', 'stir fries'],
  },
  {
    path: 'Kitchen > Appliances',
    nouns: ['Blender', 'Air Fryer', 'Espresso Machine', 'Coffee Maker', 'Stand Mixer', 'Toaster'],
    brands: ['KitchenAid', 'Ninja', 'Breville', 'Cuisinart', 'Vitamix', 'De’Longhi', 'Instant'],
    price: [25, 900],
    attributes: { color: pick(['black', 'silver', 'white', 'red', 'stainless']), wattage: pick(['800', '1000', '1200', '1500']) },
    features: ['a programmable timer', 'dishwasher-safe parts', 'a compact countertop footprint', 'several speed settings'],
    useCases: ['morning smoothies', 'quick dinners', 'home baristas', 'meal prep'],
  },
  {
    path: 'Kitchen > Knives',
    nouns: ["Chef's Knife", 'Knife Set', 'Santoku Knife', 'Paring Knife', 'Bread Knife'],
    brands: ['Wüsthof', 'Victorinox', 'Shun', 'Zwilling', 'Global', 'Mercer'],
    price: [15, 500],
    attributes: { material: pick(['German steel', 'Japanese steel', 'Damascus steel', 'ceramic']), blade_inches: pick(['3.5', '6', '7', '8', '10']), color: pick(['black', 'silver', 'brown']) },
    features: ['a full-tang handle', 'a razor-sharp edge', 'a balanced weight', 'a protective sheath'],
    useCases: ['dicing vegetables', 'carving roasts', 'everyday cooking', 'a first kitchen'],
  },
  // --- Beauty ---
  {
    path: 'Beauty > Skincare',
    nouns: ['Moisturizer', 'Face Serum', 'Cleanser', 'Sunscreen', 'Night Cream'],
    brands: ['CeraVe', 'La Roche-Posay', 'The Ordinary', 'Neutrogena', 'Kiehl’s', 'Drunk Elephant'],
    price: [8, 120],
    attributes: { skin_type: pick(['dry', 'oily', 'combination', 'sensitive', 'all']), volume_ml: pick(['30', '50', '100', '200']), fragrance_free: flag(0.5, 'Fragrance-Free', 'a fragrance-free formula') },
    features: ['hyaluronic acid', 'niacinamide', 'SPF 30 protection', 'ceramides', 'vitamin C'],
    useCases: ['a morning routine', 'dry winter skin', 'sensitive skin', 'anti-aging care'],
  },
  {
    path: 'Beauty > Hair Care',
    nouns: ['Shampoo', 'Conditioner', 'Hair Dryer', 'Hair Oil', 'Flat Iron'],
    brands: ['Olaplex', 'Dyson', 'Redken', 'Moroccanoil', 'Pantene', 'Revlon'],
    price: [8, 450],
    attributes: { hair_type: pick(['curly', 'straight', 'wavy', 'fine', 'all']), volume_ml: pick(['100', '250', '500']) },
    features: ['sulfate-free cleansing', 'heat protection', 'frizz control', 'argan oil'],
    useCases: ['color-treated hair', 'daily styling', 'damaged hair', 'travel'],
  },
  // --- Sports ---
  {
    path: 'Sports > Fitness',
    nouns: ['Yoga Mat', 'Dumbbell Set', 'Resistance Bands', 'Kettlebell', 'Foam Roller'],
    brands: ['Manduka', 'Bowflex', 'Gaiam', 'Rogue', 'Lululemon', 'TRX'],
    price: [12, 450],
    attributes: { color: pick(GEAR_COLORS), material: pick(['natural rubber', 'TPE', 'cast iron', 'neoprene', 'foam']), weight_lbs: pick(['2', '5', '15', '25', '50']) },
    features: ['a non-slip surface', 'a carrying strap', 'adjustable weights', 'a compact storage design'],
    useCases: ['home workouts', 'yoga classes', 'strength training', 'recovery'],
  },
  {
    path: 'Sports > Cycling',
    nouns: ['Bike Helmet', 'Bike Light Set', 'Cycling Jersey', 'Bike Lock', 'Road Bike'],
    brands: ['Giro', 'Specialized', 'Trek', 'Bell', 'Kryptonite', 'Cannondale'],
    price: [20, 2500],
    attributes: { color: pick(GEAR_COLORS), size: pick(['S', 'M', 'L', 'XL']), material: pick(['polycarbonate', 'aluminum', 'carbon fiber', 'polyester']) },
    features: ['MIPS protection', 'USB-rechargeable lights', 'reflective trim', 'a lightweight frame'],
    useCases: ['commuting by bike', 'road rides', 'mountain trails', 'night riding'],
  },
  {
    path: 'Sports > Team Sports',
    nouns: ['Soccer Ball', 'Basketball', 'Baseball Glove', 'Shin Guards', 'Volleyball'],
    brands: ['Wilson', 'Spalding', 'Adidas', 'Nike', 'Rawlings', 'Mikasa'],
    price: [12, 250],
    attributes: { color: pick(GEAR_COLORS), size: pick(['youth', 'adult', 'official size']), material: pick(['leather', 'synthetic leather', 'rubber']) },
    features: ['official size and weight', 'a durable cover', 'deep channels for grip', 'a padded palm'],
    useCases: ['league games', 'backyard practice', 'school teams', 'pickup games'],
  },
  // --- Outdoor ---
  {
    path: 'Outdoor > Camping',
    nouns: ['Tent', 'Sleeping Bag', 'Camping Stove', 'Sleeping Pad', 'Camp Chair'],
    brands: ['REI Co-op', 'Coleman', 'Big Agnes', 'MSR', 'Nemo', 'Therm-a-Rest'],
    price: [25, 700],
    attributes: { color: pick(GEAR_COLORS), capacity: pick(['1-person', '2-person', '4-person', '6-person']), material: pick(['ripstop nylon', 'polyester', 'aluminum', 'down']), waterproof: flag(0.5, 'Waterproof', 'a waterproof rainfly and taped seams') },
    features: ['a quick pitch setup', 'a compact packed size', 'a lightweight frame', 'a stuff sack'],
    useCases: ['car camping', 'backpacking trips', 'festivals', 'family campouts'],
  },
  {
    path: 'Outdoor > Backpacks',
    nouns: ['Hiking Backpack', 'Daypack', 'Travel Backpack', 'Hydration Pack'],
    brands: ['Osprey', 'Deuter', 'Gregory', 'REI Co-op', 'The North Face', 'CamelBak'],
    price: [30, 380],
    attributes: { color: pick(GEAR_COLORS), capacity_liters: pick(['18', '24', '32', '45', '65'], true), material: pick(['ripstop nylon', 'polyester', 'recycled nylon']), waterproof: flag(0.35, 'Waterproof', 'a waterproof roll-top and rain cover') },
    features: ['a ventilated back panel', 'hip belt pockets', 'a hydration sleeve', 'load lifter straps'],
    useCases: ['day hikes', 'multi-day treks', 'carry-on travel', 'the daily commute'],
  },
  // --- Toys ---
  {
    path: 'Toys > Building Sets',
    nouns: ['Building Set', 'Construction Kit', 'Magnetic Tiles', 'Marble Run'],
    brands: ['LEGO', 'Mega Bloks', 'Magna-Tiles', 'K’NEX', 'Playmobil'],
    price: [10, 400],
    attributes: { age_range: pick(['3+', '6+', '8+', '12+', '18+']), pieces: pick(['50', '250', '600', '1200', '3000']) },
    features: ['step-by-step instructions', 'compatible pieces', 'a display stand', 'storage bins'],
    useCases: ['birthday gifts', 'rainy afternoons', 'STEM learning', 'family projects'],
  },
  {
    path: 'Toys > Board Games',
    nouns: ['Board Game', 'Card Game', 'Strategy Game', 'Party Game', 'Puzzle'],
    brands: ['Hasbro', 'Ravensburger', 'Asmodee', 'Mattel', 'Exploding Kittens'],
    price: [10, 90],
    attributes: { age_range: pick(['5+', '8+', '10+', '14+']), players: pick(['1-4', '2-4', '2-6', '3-8']) },
    features: ['quick 30-minute rounds', 'easy-to-learn rules', 'high replay value', 'sturdy components'],
    useCases: ['family game night', 'parties', 'two-player evenings', 'gifts'],
  },
  // --- Books ---
  {
    path: 'Books > Fiction',
    nouns: ['Novel', 'Mystery Novel', 'Fantasy Novel', 'Science Fiction Novel', 'Thriller'],
    brands: ['Penguin', 'HarperCollins', 'Vintage', 'Tor', 'Random House'],
    price: [8, 35],
    attributes: { format: pick(['paperback', 'hardcover', 'ebook']), genre: pick(['mystery', 'fantasy', 'science fiction', 'literary fiction', 'thriller', 'romance']) },
    features: ['a bestselling author', 'an award-winning story', 'a gripping plot', 'a book club guide'],
    useCases: ['beach reading', 'book clubs', 'gifts for readers', 'long flights'],
  },
  {
    path: 'Books > Cookbooks',
    nouns: ['Cookbook', 'Baking Book', 'Vegetarian Cookbook', 'Grilling Guide'],
    brands: ['Ten Speed Press', 'Clarkson Potter', "America's Test Kitchen", 'Phaidon'],
    price: [12, 60],
    attributes: { format: pick(['paperback', 'hardcover']), cuisine: pick(['Italian', 'Mexican', 'Japanese', 'vegetarian', 'baking', 'barbecue']) },
    features: ['150 tested recipes', 'step-by-step photos', 'weeknight-friendly meals', 'a lay-flat binding'],
    useCases: ['new cooks', 'holiday baking', 'meal planning', 'gifts'],
  },
  // --- Grocery ---
  {
    path: 'Grocery > Coffee & Tea',
    nouns: ['Whole Bean Coffee', 'Ground Coffee', 'Green Tea', 'Black Tea', 'Coffee Pods'],
    brands: ['Stumptown', 'Lavazza', 'Peet’s', 'Twinings', 'Illy', 'Death Wish'],
    price: [6, 45],
    attributes: { roast: pick(['light', 'medium', 'dark']), weight_oz: pick(['8', '12', '16', '32']), organic: flag(0.4, 'Organic', 'certified organic sourcing') },
    features: ['single-origin beans', 'fair trade sourcing', 'notes of chocolate and cherry', 'a resealable bag'],
    useCases: ['espresso', 'pour-over', 'cold brew', 'afternoon tea'],
  },
  {
    path: 'Grocery > Snacks',
    nouns: ['Protein Bars', 'Trail Mix', 'Granola', 'Dark Chocolate', 'Popcorn'],
    brands: ['KIND', 'RXBAR', 'Clif', 'Lindt', 'SkinnyPop', 'Nature Valley'],
    price: [3, 40],
    attributes: { diet: pick(['vegan', 'gluten-free', 'keto', 'high-protein', 'classic']), count: pick(['6', '12', '24']), organic: flag(0.3, 'Organic', 'organic ingredients') },
    features: ['no artificial flavors', 'a resealable pouch', 'whole nuts', 'low added sugar'],
    useCases: ['hiking fuel', 'office snacking', 'lunch boxes', 'post-workout'],
  },
  // --- Pets ---
  {
    path: 'Pets > Dog Supplies',
    nouns: ['Dog Bed', 'Dog Leash', 'Dog Harness', 'Chew Toy', 'Dog Food'],
    brands: ['Kong', 'Ruffwear', 'Blue Buffalo', 'Purina', 'Chewy Basics'],
    price: [8, 180],
    attributes: { color: pick(GEAR_COLORS), pet_size: pick(['small', 'medium', 'large']), material: pick(['nylon', 'memory foam', 'rubber', 'canvas']) },
    features: ['a machine-washable cover', 'reflective stitching', 'tough chew-resistant rubber', 'a padded handle'],
    useCases: ['puppies', 'long walks', 'senior dogs', 'aggressive chewers'],
  },
  {
    path: 'Pets > Cat Supplies',
    nouns: ['Cat Tree', 'Litter Box', 'Cat Toy', 'Scratching Post', 'Cat Food'],
    brands: ['Petmate', 'Frisco', 'Catit', 'Purina', 'Hill’s'],
    price: [6, 220],
    attributes: { color: pick(['gray', 'beige', 'white', 'blue']), material: pick(['sisal', 'plush', 'plastic', 'cardboard']) },
    features: ['a sturdy base', 'replaceable scratch pads', 'an odor-control lid', 'interactive play'],
    useCases: ['indoor cats', 'kittens', 'small apartments', 'multi-cat homes'],
  },
  // --- Office ---
  {
    path: 'Office > Chairs',
    nouns: ['Office Chair', 'Ergonomic Chair', 'Gaming Chair', 'Drafting Stool'],
    brands: ['Herman Miller', 'Steelcase', 'Autonomous', 'Secretlab', 'Branch'],
    price: [90, 1600],
    attributes: { color: pick(['black', 'gray', 'white', 'blue']), material: pick(['mesh', 'leather', 'fabric', 'faux leather']) },
    features: ['adjustable lumbar support', '4D armrests', 'a tilt lock', 'a breathable mesh back'],
    useCases: ['long workdays', 'a home office', 'gaming marathons', 'back pain'],
  },
  {
    path: 'Office > Stationery',
    nouns: ['Notebook', 'Fountain Pen', 'Gel Pens', 'Planner', 'Desk Organizer'],
    brands: ['Moleskine', 'Leuchtturm1917', 'Pilot', 'Lamy', 'Muji'],
    price: [4, 180],
    attributes: { color: pick(['black', 'blue', 'red', 'green', 'gray']), paper: pick(['dotted', 'lined', 'blank', 'grid']) },
    features: ['acid-free paper', 'a lay-flat binding', 'smooth quick-drying ink', 'an elastic closure'],
    useCases: ['journaling', 'meeting notes', 'students', 'bullet journals'],
  },
  // --- Baby ---
  {
    path: 'Baby > Gear',
    nouns: ['Stroller', 'Car Seat', 'Baby Carrier', 'High Chair', 'Baby Monitor'],
    brands: ['Graco', 'UPPAbaby', 'Chicco', 'Ergobaby', 'Nanit', 'Britax'],
    price: [40, 1100],
    attributes: { color: pick(['black', 'gray', 'navy', 'beige']), age_range: pick(['newborn', '0-12 months', '6 months+', 'toddler']) },
    features: ['one-hand fold', 'a five-point harness', 'machine-washable padding', 'a large storage basket'],
    useCases: ['city walks', 'travel', 'newborns', 'daily errands'],
  },
  // --- Garden ---
  {
    path: 'Garden > Tools',
    nouns: ['Pruning Shears', 'Garden Hose', 'Lawn Mower', 'Leaf Blower', 'Trowel Set'],
    brands: ['Fiskars', 'Greenworks', 'Ryobi', 'DeWalt', 'Gardena'],
    price: [10, 650],
    attributes: { color: pick(['green', 'orange', 'black', 'yellow']), power: pick(['manual', 'battery', 'corded electric', 'gas']) },
    features: ['an ergonomic grip', 'a rust-resistant finish', 'a brushless motor', 'a lightweight build'],
    useCases: ['small gardens', 'large lawns', 'raised beds', 'fall cleanup'],
  },
  // --- Automotive ---
  {
    path: 'Automotive > Accessories',
    nouns: ['Dash Cam', 'Phone Mount', 'Jump Starter', 'Tire Inflator', 'Car Vacuum'],
    brands: ['Garmin', 'Anker', 'NOCO', 'iOttie', 'Vantrue'],
    price: [12, 300],
    attributes: { color: pick(['black', 'gray', 'silver']), power: pick(['12V', 'battery', 'USB-C']) },
    features: ['a loop-recording memory card', 'a one-touch mount', 'a built-in flashlight', 'an auto shut-off'],
    useCases: ['road trips', 'daily commuting', 'roadside emergencies', 'rideshare drivers'],
  },
  // --- Jewelry ---
  {
    path: 'Jewelry > Watches',
    nouns: ['Watch', 'Smartwatch', 'Dive Watch', 'Fitness Tracker'],
    brands: ['Garmin', 'Apple', 'Seiko', 'Casio', 'Timex', 'Fossil'],
    price: [25, 1200],
    attributes: { color: pick(['black', 'silver', 'gold', 'rose gold', 'blue']), material: pick(['stainless steel', 'titanium', 'leather', 'silicone', 'resin']), waterproof: flag(0.6, 'Water-Resistant', 'water resistance to 100 m') },
    features: ['GPS tracking', 'a sapphire crystal', 'a week-long battery', 'heart-rate monitoring'],
    useCases: ['running', 'swimming', 'the office', 'everyday wear'],
  },
];
