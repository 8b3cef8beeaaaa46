import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { useSession } from '../lib/session-query';
import { SecondStepPage } from '../features/session/components/second-step-page';
import { SignInPage } from '../features/session/components/sign-in-page';
import { LoadError } from '../components/load-error';
import { useT } from '../lib/i18n/app';
import { preloadable } from '../lib/preloadable';
import { whenIdle } from '../lib/when-idle';
import type * as FirstScreenModule from '../features/mail/api/first-screen';

// The signed-in app (mail view, its list and panes) is its own chunk: the
// sign-in page draws without it and fetches it at idle, while the user types.
const shell = preloadable(() => import('./shell').then((m) => m.Shell));
const Shell = shell.Component;
export const preloadSignedInApp = shell.preload;

// Only users who must set up two-step sign-in at sign-in need the setup's code.
const RequiredSetup = lazy(() => import('../features/settings/components/security/required-setup'));
/**
 * With the mail view's code, not the sign-in page's: its queries' schemas need
 * zod (issue 14). Loaded at idle with the mail view, so the first screen's
 * requests go out the moment the session is there, before the mail view's
 * first render (about 100 ms of script on a slow machine) and not after it.
 */
type FirstScreen = typeof FirstScreenModule;
let firstScreen: FirstScreen | undefined;
let firstScreenLoading: Promise<FirstScreen> | undefined;
function preloadFirstScreen(): Promise<FirstScreen> {
  firstScreenLoading ??= import('../features/mail/api/first-screen').then(
    (module) => (firstScreen = module),
    (error: unknown) => {
      firstScreenLoading = undefined; // a failed chunk (network) may be asked for again
      throw error;
    },
  );
  return firstScreenLoading;
}
function prefetchFirstScreen(queryClient: QueryClient): void {
  if (firstScreen) firstScreen.prefetchFirstScreen(queryClient);
  else void preloadFirstScreen().then((module) => module.prefetchFirstScreen(queryClient));
}
const preloadMailView = () => Promise.all([shell.preload(), preloadFirstScreen()]);
if (typeof window !== 'undefined' && !window.location.pathname.startsWith('/sign-in')) void preloadMailView();

function SignInRoute() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  useEffect(() => whenIdle(() => void preloadMailView(), 100), []);
  const onSignedIn = () => {
    // Folders and the Inbox's first rows in parallel, before the mail view mounts and asks;
    // the mail view once its code is there (it loads while the user types), so no fallback flashes.
    prefetchFirstScreen(queryClient);
    void shell.preload().finally(() => navigate('/mail', { replace: true }));
  };
  // Half signed in: the password was right, the second step is still to come.
  if (session.data?.pending) return <SecondStepPage session={session.data} onSignedIn={onSignedIn} RequiredSetup={RequiredSetup} />;
  if (session.data) return <Redirect to="/mail" replace />;
  return <SignInPage onSignedIn={onSignedIn} />;
}

function Loading() {
  const t = useT();
  return (
    <div className="app-loading" role="status">
      {t('Loading Tern…')}
    </div>
  );
}

function SignedInRoute() {
  const session = useSession();
  const queryClient = useQueryClient();
  const signedIn = Boolean(session.data);
  useEffect(() => {
    if (signedIn) prefetchFirstScreen(queryClient);
  }, [signedIn, queryClient]);
  if (session.isPending) return <Loading />;
  if (session.isError) {
    return <LoadError className="app-loading" message={session.error.message} onRetry={() => void session.refetch()} />;
  }
  if (!session.data || session.data.pending) return <Redirect to="/sign-in" replace />;
  return (
    <Suspense fallback={<Loading />}>
      <Shell session={session.data} />
    </Suspense>
  );
}

export function AppRoutes() {
  return (
    <Switch>
      <Route path="/sign-in">
        <SignInRoute />
      </Route>
      <Route>
        <SignedInRoute />
      </Route>
    </Switch>
  );
}
