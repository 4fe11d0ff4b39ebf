import type { AppDeps } from '../deps';
import type { MailStatusView } from '../http/notifications-api-types';

/** Whether this deployment sends e-mail, for the settings screen (never the SMTP URL itself). */
export function mailStatus(deps: Pick<AppDeps, 'mailer' | 'config' | 'tuning'>): MailStatusView {
  return {
    configured: deps.mailer.enabled,
    from: deps.mailer.enabled ? deps.config.notifications.from : null,
    digestIntervalMinutes: Math.round(deps.tuning.notifications.digestIntervalMs / 60_000),
  };
}
