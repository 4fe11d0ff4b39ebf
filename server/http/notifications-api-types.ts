/** Response types of the notification and store-purge routes (the client imports them type-only). */

/** `settings.notifications` of GET/PUT /api/settings. */
export interface NotificationSettingsView {
  enabled: boolean;
  /** At most 10 e-mail addresses. */
  recipients: string[];
  /** E-mail a digest of orders that newly need attention (at most every 15 minutes). */
  digest: boolean;
  /** E-mail when the connection to IOM goes down and when it comes back. */
  connectionNotices: boolean;
}

/** Whether this deployment can send e-mail at all (SMTP_URL). */
export interface MailStatusView {
  configured: boolean;
  /** The sender address the e-mails come from (null when not configured). */
  from: string | null;
  /** Minutes between two digests at most. */
  digestIntervalMinutes: number;
}

/** POST /api/notifications/test */
export interface TestEmailResponse {
  sentTo: string[];
}

/** POST /api/store/purge */
export interface StorePurgeResponse {
  purged: {
    connection: boolean;
    settings: boolean;
    mappings: number;
    orders: number;
    events: number;
    jobs: number;
  };
}
