import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError, describeIssues, ValidationError } from '../../errors';
import { purgeStoreData } from '../../lifecycle/purge-store-data';
import { MailError } from '../../notifications/mailer';
import { testMessage } from '../../notifications/messages';
import { messageContext } from '../../notifications/notification-jobs';
import {
  NOTIFICATIONS_MEMBER,
  parseNotificationSettingsUpdate,
  readNotificationSettings,
} from '../../notifications/notification-settings';
import { SettingsValidationError } from '../../relay/store-settings';
import type { StorePurgeResponse, TestEmailResponse } from '../notifications-api-types';
import { locals, sessionOf } from '../locals';
import { requirePermission } from '../permissions';

/** The word that confirms a purge besides the store's name. */
export const PURGE_CONFIRMATION = 'PURGE';

const purgeBody = z.object({
  confirm: z.string({ error: `type the store name or ${PURGE_CONFIRMATION} to confirm` }).trim(),
});

/**
 * The Settings page's actions: a test e-mail to the notification recipients, and "disconnect and
 * purge". Mounted under /api.
 */
export function storeSettingsActionRoutes(deps: AppDeps): Router {
  const router = Router();
  const manage = (action: string) => requirePermission(deps, 'manage', action);

  router.post('/notifications/test', manage('send a test e-mail'), async (req, res) => {
    const { store, user } = sessionOf(res);
    if (!deps.mailer.enabled) {
      throw new AppError(
        409,
        'mail_not_configured',
        'E-mail is not set up for this app: the operator sets SMTP_URL (and NOTIFY_FROM) in its environment.',
        { retriable: false },
      );
    }
    const saved = readNotificationSettings(await deps.storage.settings.get(store.hash));
    const body = (req.body ?? {}) as Record<string, unknown>;
    // The recipients on screen may not be saved yet: test those, validated like a save.
    let recipients = saved.recipients;
    if (body.recipients !== undefined) {
      const parsed = parseNotificationSettingsUpdate(
        { ...saved, enabled: false },
        { recipients: body.recipients },
      );
      if (!parsed.settings) throw new SettingsValidationError(parsed.errors);
      recipients = parsed.settings.recipients;
    }
    if (recipients.length === 0) {
      throw new SettingsValidationError([
        { field: `${NOTIFICATIONS_MEMBER}.recipients`, message: 'add an e-mail address to send the test to' },
      ]);
    }
    try {
      await deps.mailer.send(testMessage(messageContext(deps, store.hash, recipients), user.email));
    } catch (error) {
      if (error instanceof MailError)
        throw new AppError(502, 'mail_failed', error.message, { retriable: true });
      throw error;
    }
    locals(res).log.info({ recipients: recipients.length }, 'test e-mail sent');
    const answer: TestEmailResponse = { sentTo: recipients };
    res.json(answer);
  });

  router.post('/store/purge', manage('disconnect and purge the store'), async (req, res) => {
    const { store } = sessionOf(res);
    const parsed = purgeBody.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new ValidationError(`The confirmation ${describeIssues(parsed.error.issues)}.`);
    const typed = parsed.data.confirm;
    if (typed !== PURGE_CONFIRMATION && typed.toLowerCase() !== store.hash.toLowerCase()) {
      throw new SettingsValidationError([
        {
          field: 'confirm',
          message: `does not match: type the store name (${store.hash}) or ${PURGE_CONFIRMATION}`,
        },
      ]);
    }
    const purged = await purgeStoreData(deps, store.hash);
    const answer: StorePurgeResponse = {
      purged: {
        connection: purged.connection,
        settings: purged.settings,
        mappings: purged.mappings,
        orders: purged.orders,
        events: purged.events,
        jobs: purged.jobs,
      },
    };
    res.json(answer);
  });

  return router;
}
