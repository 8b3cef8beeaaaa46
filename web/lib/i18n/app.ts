import { namespace } from './i18n';

/** The "app" namespace: the shell, shared components and web/lib. */
export const { useT, t } = namespace('app');
