import { lazy, Suspense, useEffect, useState } from 'react';
import { Redirect, Route, Switch, useRoute } from 'wouter';
import type { SessionInfo } from '../../shared/api/session';
import { ComposeHost } from '../features/compose/components/compose-host';
import { MailPage } from '../features/mail/components/mail-page';
import { useOfflineUser } from '../features/offline/offline-banner';
import { useT } from '../lib/i18n/app';
import { MessageHeaderExtensionsProvider } from '../lib/message-header-extensions';
import { AppBar } from './app-bar';
import { MESSAGE_HEADER_EXTENSIONS } from './message-header-extensions';

// FullCalendar is large: the calendar loads when first opened (SPEC §13).
const CalendarPage = lazy(() => import('../features/calendar/components/calendar-page'));
const ContactsPage = lazy(() => import('../features/contacts/components/contacts-page'));

// Calendar reminders notify in every section; their code and the calendar list
// load a while after the first screen, so they never compete with it or with
// the first message opened.
const ReminderWatcher = lazy(() => import('../features/calendar/components/reminder-watcher'));
export const REMINDERS_AFTER_MS = 5_000;

function useAfter(ms: number): boolean {
  const [passed, setPassed] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setPassed(true), ms);
    return () => window.clearTimeout(timer);
  }, [ms]);
  return passed;
}

// "Open in new window" (a message alone): loaded only in such a window.
const StandaloneMessage = lazy(() => import('../features/mail/components/standalone-message'));

// Settings carry the rich signature editor: loaded when first opened.
const SettingsPage = lazy(() => import('../features/settings/components/settings-page'));

/** The signed-in application: bar on top, one section below; the features it composes meet only here. */
export function Shell({ session }: { session: SessionInfo }) {
  return (
    <MessageHeaderExtensionsProvider value={MESSAGE_HEADER_EXTENSIONS}>
      <ShellSections session={session} />
    </MessageHeaderExtensionsProvider>
  );
}

function ShellSections({ session }: { session: SessionInfo }) {
  const t = useT();
  const remindersOn = useAfter(REMINDERS_AFTER_MS);
  useOfflineUser(session);
  const [standalone, message] = useRoute('/message/:uid');
  if (standalone) {
    return (
      <div className="standalone-app">
        <Suspense fallback={<p className="pane-status">{t('Loading message…')}</p>}>
          <StandaloneMessage uidParam={message.uid} />
        </Suspense>
        <ComposeHost ownAddress={session.email} csrfToken={session.csrfToken} />
      </div>
    );
  }
  return (
    <div className="app">
      <AppBar email={session.email} />
      <main className="app-content">
        <Switch>
          <Route path="/mail">
            <MailPage />
          </Route>
          <Route path="/contacts">
            <Suspense fallback={<p className="pane-status">{t('Loading contacts…')}</p>}>
              <ContactsPage />
            </Suspense>
          </Route>
          <Route path="/calendar">
            <Suspense fallback={<p className="pane-status">{t('Loading calendar…')}</p>}>
              <CalendarPage />
            </Suspense>
          </Route>
          <Route path="/settings/:section?">
            <Suspense fallback={<p className="pane-status">{t('Loading settings…')}</p>}>
              <SettingsPage email={session.email} />
            </Suspense>
          </Route>
          <Route>
            <Redirect to="/mail" replace />
          </Route>
        </Switch>
      </main>
      <ComposeHost ownAddress={session.email} csrfToken={session.csrfToken} />
      {remindersOn && (
        <Suspense fallback={null}>
          <ReminderWatcher />
        </Suspense>
      )}
    </div>
  );
}
