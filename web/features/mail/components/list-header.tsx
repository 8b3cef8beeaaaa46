import { useEffect, useRef } from 'react';
import type { SortField } from '../../../../shared/api/messages';
import type { ListView, SortOrder } from '../../../lib/mail-keys';
import { useT } from '../i18n';

/** Where a column starts when first clicked: newest, biggest first; names A→Z. */
const FIRST_ORDER: Record<SortField, SortOrder> = { date: 'desc', size: 'desc', from: 'asc', subject: 'asc' };

export function nextSort(view: ListView, field: SortField): ListView {
  const order = view.sort === field ? (view.order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[field];
  return { ...view, sort: field, order };
}

interface ListHeaderProps {
  view: ListView;
  allSelected: boolean;
  someSelected: boolean;
  disabled: boolean;
  onToggleAll: () => void;
  onSort: (field: SortField) => void;
}

function SortHeader({ field, label, view, onSort }: { field: SortField; label: string; view: ListView; onSort: (field: SortField) => void }) {
  const active = view.sort === field;
  return (
    <div role="columnheader" aria-sort={active ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none'} className={`col-head col-${field}`}>
      <button type="button" className={active ? 'sort-button is-active' : 'sort-button'} onClick={() => onSort(field)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (view.order === 'asc' ? '↑' : '↓') : ''}
        </span>
      </button>
    </div>
  );
}

/** Column headers that sort (with aria-sort), and "Select all". */
export function ListHeader({ view, allSelected, someSelected, disabled, onToggleAll, onSort }: ListHeaderProps) {
  const t = useT();
  const checkbox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (checkbox.current) checkbox.current.indeterminate = someSelected && !allSelected;
  }, [someSelected, allSelected]);
  return (
    <div role="table" aria-label={t('Message columns')} className="message-list-columns">
      <div role="row" className="message-list-header">
        <div role="columnheader" className="col-check">
          <input ref={checkbox} type="checkbox" aria-label={t('Select all')} checked={allSelected} disabled={disabled} onChange={onToggleAll} />
        </div>
        <SortHeader field="from" label={t('From')} view={view} onSort={onSort} />
        <SortHeader field="subject" label={t('Subject')} view={view} onSort={onSort} />
        <div role="columnheader" className="col-head">
          <span className="visually-hidden">{t('Flags')}</span>
        </div>
        <SortHeader field="date" label={t('Date')} view={view} onSort={onSort} />
        <SortHeader field="size" label={t('Size')} view={view} onSort={onSort} />
      </div>
    </div>
  );
}
