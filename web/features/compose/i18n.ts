import { namespace } from '../../lib/i18n/i18n';

export const { useT, t } = namespace('compose');
