import type { ActiveSession } from '../auth/session-service';
import type { Deps } from '../deps';

export type AppEnv = {
  Variables: {
    deps: Deps;
    session: ActiveSession;
  };
};
