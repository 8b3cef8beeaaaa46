/**
 * Hosts (and their subdomains) that serve mail open-tracking pixels, with the
 * path they track under where the same host also serves real images. Kept
 * short on purpose: the 1×1 and per-recipient rules catch most pixels; this
 * names the big senders whose pixels are not always 1×1. One list for the
 * reading pane (never asks for them) and the image proxy (refuses them).
 */
export const KNOWN_TRACKERS: ReadonlyArray<{ host: string; pathPrefix?: string }> = [
  { host: 'list-manage.com', pathPrefix: '/track/' },
  { host: 'mandrillapp.com', pathPrefix: '/track/' },
  { host: 'sendgrid.net', pathPrefix: '/wf/open' },
  { host: 'mailgun.org', pathPrefix: '/o/' },
  { host: 'hubspotlinks.com' },
  { host: 'hs-analytics.net' },
  { host: 'google-analytics.com' },
  { host: 'mixpanel.com', pathPrefix: '/track' },
  { host: 'mailtrack.io' },
  { host: 'mailstat.us' },
  { host: 'getnotify.com' },
  { host: 'bananatag.com' },
  { host: 'yesware.com' },
  { host: 'pixel.wp.com' },
  { host: 'open.convertkit-mail.com' },
  { host: 'sparkpostmail.com', pathPrefix: '/q/' },
];

/** True for a URL on a known tracker's host (or a subdomain of it) under its tracking path. */
export function isKnownTracker(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return KNOWN_TRACKERS.some(
    (tracker) => (host === tracker.host || host.endsWith(`.${tracker.host}`)) && (!tracker.pathPrefix || url.pathname.startsWith(tracker.pathPrefix)),
  );
}
