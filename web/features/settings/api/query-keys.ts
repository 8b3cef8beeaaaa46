/** Settings kept on the mail server (the user's Sieve script), general → specific. */
export const settingsKeys = {
  all: ['settings'] as const,
  antispam: () => [...settingsKeys.all, 'antispam'] as const,
  autoreply: () => [...settingsKeys.all, 'autoreply'] as const,
  filters: () => [...settingsKeys.all, 'filters'] as const,
};
