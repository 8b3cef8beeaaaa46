import type { ReactNode } from 'react';

/** 16px line icons, decorative: whoever uses one gives the accessible name. */
function Icon({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const InboxIcon = () => (
  <Icon>
    <path d="M2 9.5 3.8 3.6A1 1 0 0 1 4.8 3h6.4a1 1 0 0 1 1 .6L14 9.5V12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1z" />
    <path d="M2 9.5h3.5l1 1.5h3l1-1.5H14" />
  </Icon>
);
export const DraftIcon = () => (
  <Icon>
    <path d="M10.5 2.5 13.5 5.5 6 13H3v-3z" />
  </Icon>
);
export const SentIcon = () => (
  <Icon>
    <path d="M14 2 7 9M14 2l-4.5 12L7 9 2 6.5z" />
  </Icon>
);
export const SpamIcon = () => (
  <Icon>
    <path d="M8 1.8 14.2 13H1.8z" />
    <path d="M8 6v3.2M8 11.2v.1" />
  </Icon>
);
export const TrashIcon = () => (
  <Icon>
    <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.2a1 1 0 0 0 1 .8h4.6a1 1 0 0 0 1-.8L12 4" />
  </Icon>
);
export const FolderIcon = () => (
  <Icon>
    <path d="M2 4a1 1 0 0 1 1-1h3.2l1.5 1.5H13a1 1 0 0 1 1 1V12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1z" />
  </Icon>
);
export const FlagIcon = () => (
  <Icon className="icon-flagged">
    <path d="M3.5 14V2.5M3.5 2.5h8l-1.8 3 1.8 3h-8" />
  </Icon>
);
export const ReplyIcon = () => (
  <Icon className="icon-directional">
    <path d="M6.5 4 3 7.5 6.5 11M3 7.5h6.5a3.5 3.5 0 0 1 3.5 3.5v1" />
  </Icon>
);
export const ForwardIcon = () => (
  <Icon className="icon-directional">
    <path d="M9.5 4 13 7.5 9.5 11M13 7.5H6.5A3.5 3.5 0 0 0 3 11v1" />
  </Icon>
);
export const PaperclipIcon = () => (
  <Icon>
    <path d="m13.5 7.5-5.3 5.3a3.2 3.2 0 0 1-4.5-4.5l5.6-5.6a2.1 2.1 0 0 1 3 3L6.7 11.3a1.1 1.1 0 0 1-1.5-1.5L10.3 4.7" />
  </Icon>
);
export const RefreshIcon = () => (
  <Icon>
    <path d="M13.5 8A5.5 5.5 0 1 1 12 4.2M13.5 2v2.8h-2.8" />
  </Icon>
);
export const FileIcon = () => (
  <Icon>
    <path d="M9 1.8H4.5a1 1 0 0 0-1 1v10.4a1 1 0 0 0 1 1h7a1 1 0 0 0 1-1V5.3z" />
    <path d="M9 1.8v3.5h3.5" />
  </Icon>
);
export const DownloadIcon = () => (
  <Icon>
    <path d="M8 2.5v8M4.8 7.5 8 10.7l3.2-3.2M3 13.5h10" />
  </Icon>
);
export const SearchIcon = () => (
  <Icon>
    <circle cx="7" cy="7" r="4.5" />
    <path d="m10.5 10.5 3.5 3.5" />
  </Icon>
);
export const PlusIcon = () => (
  <Icon>
    <path d="M8 3v10M3 8h10" />
  </Icon>
);
export const MoreIcon = () => (
  <Icon>
    <path d="M3.5 8h.01M8 8h.01M12.5 8h.01" strokeWidth="2.2" />
  </Icon>
);
export const MoveIcon = () => (
  <Icon className="icon-directional">
    <path d="M2 4a1 1 0 0 1 1-1h3.2l1.5 1.5H13a1 1 0 0 1 1 1V12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1z" />
    <path d="M6 9h4.5M8.8 7.2 10.5 9l-1.7 1.8" />
  </Icon>
);
export const MailOpenIcon = () => (
  <Icon>
    <path d="M2 6.5 8 2.5l6 4V13a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1z" />
    <path d="m2 6.5 6 4 6-4" />
  </Icon>
);
export const ChevronDownIcon = () => (
  <Icon>
    <path d="m4.5 6.5 3.5 3.5 3.5-3.5" />
  </Icon>
);
export const CloseIcon = () => (
  <Icon>
    <path d="m4 4 8 8M12 4l-8 8" />
  </Icon>
);
export const MenuIcon = () => (
  <Icon>
    <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
  </Icon>
);
export const ClockIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 4.5V8l2.5 1.5" />
  </Icon>
);
