/**
 * The Settings page's writes besides the relay settings: the notification settings, a test e-mail,
 * disconnecting IOM and "disconnect and purge". Pages never name an API path.
 */
import type { SettingsResponse } from '../../server/http/api-types';
import type {
  NotificationSettingsView,
  StorePurgeResponse,
  TestEmailResponse,
} from '../../server/http/notifications-api-types';
import { apiDelete, apiPost, apiPut, type ApiSession } from '../api';

/** PUT /api/settings with notification changes only; field errors are named `notifications.…`. */
export function saveNotificationSettings(
  session: ApiSession,
  changes: Partial<NotificationSettingsView>,
): Promise<SettingsResponse> {
  return apiPut<SettingsResponse>(session, '/api/settings', { notifications: changes });
}

/** POST /api/notifications/test: a test e-mail to these addresses (validated like a save). */
export function sendTestEmail(session: ApiSession, recipients: string[]): Promise<TestEmailResponse> {
  return apiPost<TestEmailResponse>(session, '/api/notifications/test', { recipients });
}

/** DELETE /api/connection: forget the IOM connection (orders, mappings and settings stay). */
export function disconnectIom(session: ApiSession): Promise<undefined> {
  return apiDelete(session, '/api/connection');
}

/** POST /api/store/purge: delete the connection and everything the relay keeps; `confirm` is the store name or PURGE. */
export function purgeStore(session: ApiSession, confirm: string): Promise<StorePurgeResponse> {
  return apiPost<StorePurgeResponse>(session, '/api/store/purge', { confirm });
}
