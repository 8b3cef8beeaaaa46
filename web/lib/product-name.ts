/** The product's name: the same in every language, so it is not in the catalogs. */
export const PRODUCT_NAME = 'Tern';
