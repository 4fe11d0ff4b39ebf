export {
  startMailCatcher,
  type CaughtMessage,
  type MailCatcher,
  type MailCatcherOptions,
} from './mail-catcher';
