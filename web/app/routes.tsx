import { Redirect, Route, Switch, useLocation } from 'wouter';
import { useSession } from '../features/session/api/get-session';
import { SignInPage } from '../features/session/components/sign-in-page';
import { Shell } from './shell';
import { LoadError } from '../components/load-error';

function SignInRoute() {
  const session = useSession();
  const [, navigate] = useLocation();
  if (session.data) return <Redirect to="/mail" replace />;
  return <SignInPage onSignedIn={() => navigate('/mail', { replace: true })} />;
}

function SignedInRoute() {
  const session = useSession();
  if (session.isPending) {
    return (
      <div className="app-loading" role="status">
        Loading Tern…
      </div>
    );
  }
  if (session.isError) {
    return <LoadError className="app-loading" message={session.error.message} onRetry={() => void session.refetch()} />;
  }
  if (!session.data) return <Redirect to="/sign-in" replace />;
  return <Shell session={session.data} />;
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
