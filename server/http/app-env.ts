import type { ActiveSession } from '../auth/session-service';
import type { Deps } from '../deps';

export type AppEnv = {
  Variables: {
    deps: Deps;
    session: ActiveSession;
    /** When the session ends unless it is used again (epoch ms). */
    sessionExpiresAt: number;
  };
};
