// One chunk per language: choosing it fetches all its catalogs at once.
export default import.meta.glob<Record<string, string>>('./*.json', { eager: true, import: 'default' });
