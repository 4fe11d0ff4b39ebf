import { Router } from 'express';
import { resumeAfterConnectionTest } from './relay';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AppError, ValidationError, describeIssues } from '../../errors';
import { createExternalOrderIdKey, reactivateExternalOrderIdKey } from '../../iom/alternate-key';
import {
  assertSavedTargetsAllowed,
  maskIntakeUrl,
  parseConnectionInput,
  resolveIntakeUrl,
} from '../../iom/connection-input';
import { connectionTestClientOptions, testConnection } from '../../iom/connection-test';
import { requeueOutbound } from '../../relay/outbound-requeue';
import { pollIomSoon } from '../../relay/tasks/poll-iom';
import { saveSchemaOverrides } from '../../relay/schema-overrides';
import {
  MASTER_DATA_KINDS,
  listMasterData,
  lookupProductsBySku,
  type MasterDataKind,
} from '../../iom/master-data';
import type { ConnectionRecord } from '../../storage/types';
import type {
  ConnectionResponse,
  ConnectionView,
  MasterDataResponse,
  ProductLookupResponse,
  SchemaOverridesResponse,
} from '../api-types';
import { locals, sessionOf } from '../locals';
import { requirePermission } from '../permissions';

/**
 * Faster feedback for interactive calls than the relay's patient retries. A Retry-After longer than
 * maxWaitMs is not waited for (nor undercut): the call fails at once and says when to try again.
 */
const INTERACTIVE = { timeoutMs: 15_000, maxAttempts: 2, maxWaitMs: 5_000 };

const lookupSchema = z.object({
  skus: z
    .array(z.string().trim().min(1).max(255))
    .min(1, 'must list at least one SKU')
    .max(1000, 'may list at most 1000 SKUs'),
});

/** The store's IOM connection and the IOM master data behind it. Mounted under /api (session required). */
export function connectionRoutes(deps: AppDeps): Router {
  const router = Router();
  /** Owner and app admins only; everyone may view and test. */
  const manage = (action: string) => requirePermission(deps, 'manage', action);

  const requireConnection = async (storeHash: string): Promise<ConnectionRecord> => {
    const connection = await deps.storage.connections.get(storeHash);
    if (!connection) {
      throw new AppError(
        409,
        'not_connected',
        'IOM is not connected yet. Enter the Dataverse environment and app registration first.',
        {
          retriable: false,
        },
      );
    }
    return connection;
  };

  router.get('/connection', async (_req, res) => {
    const { store } = sessionOf(res);
    const body: ConnectionResponse = { connection: view(await deps.storage.connections.get(store.hash)) };
    res.json(body);
  });

  router.put('/connection', manage('change the IOM connection'), async (req, res) => {
    const { store, user } = sessionOf(res);
    const input = await parseConnectionInput(req.body, deps.config);
    const existing = await deps.storage.connections.get(store.hash);
    const clientSecret = input.clientSecret ?? existing?.clientSecret;
    if (!clientSecret) {
      throw new ValidationError(
        'The IOM connection is not valid: clientSecret is required the first time — paste the secret Value from Certificates & secrets.',
      );
    }
    const unchanged =
      existing !== null &&
      existing.environmentUrl === input.environmentUrl &&
      existing.tenantId === input.tenantId &&
      existing.clientId === input.clientId &&
      existing.clientSecret === clientSecret;
    const record: ConnectionRecord = {
      storeHash: store.hash,
      environmentUrl: input.environmentUrl,
      tenantId: input.tenantId,
      clientId: input.clientId,
      clientSecret,
      intakeMode: input.intakeMode,
      intakeUrl: resolveIntakeUrl(input, existing?.intakeUrl),
      lastTest: unchanged ? existing.lastTest : null,
      updatedAt: deps.clock().toISOString(),
      // The overrides are the admin's and stay; what was discovered holds only for the same environment.
      ...(existing?.schemaOverrides ? { schemaOverrides: existing.schemaOverrides } : {}),
      ...(existing?.fulfillmentProfile && existing.environmentUrl === input.environmentUrl
        ? { fulfillmentProfile: existing.fulfillmentProfile }
        : {}),
    };
    await deps.storage.connections.put(record);
    locals(res).log.info(
      { environmentUrl: record.environmentUrl, intakeMode: record.intakeMode, userId: user.userId },
      'iom connection saved',
    );
    const body: ConnectionResponse = { connection: view(record) };
    res.json(body);
  });

  router.delete('/connection', manage('disconnect IOM'), async (_req, res) => {
    const { store } = sessionOf(res);
    await deps.storage.connections.delete(store.hash);
    locals(res).log.info('iom connection removed');
    res.status(204).end();
  });

  router.post('/connection/test', async (_req, res) => {
    const { store } = sessionOf(res);
    const connection = await requireConnection(store.hash);
    await assertSavedTargetsAllowed(connection, deps.config);
    const limits = connectionTestClientOptions(Date.now());
    const result = await testConnection(deps.iom.clientFor(connection, limits), deps.iom.tokens, deps.clock, {
      deadlineAt: limits.deadlineAt,
      intakeUrl: connection.intakeMode === 'intake-provider' ? connection.intakeUrl : null,
      logger: locals(res).log,
      onIntakeResponse: deps.metrics.responseObserver('intake'),
      schemaOverrides: connection.schemaOverrides ?? {},
    });
    const { fulfillmentProfile, ...lastTest } = result;
    // Re-read so a concurrent edit is not overwritten with stale values.
    const latest = await deps.storage.connections.get(store.hash);
    if (latest && latest.updatedAt === connection.updatedAt) {
      await deps.storage.connections.put({
        ...latest,
        lastTest,
        ...(fulfillmentProfile ? { fulfillmentProfile } : {}),
      });
    }
    if (result.ok) {
      // IOM's changes are looked at from now on (the first poll sets the baseline).
      await pollIomSoon(deps, store.hash, deps.clock());
      await requeueOutbound(deps, store.hash, 'iom_schema', 'connection tested');
      const resumed = await resumeAfterConnectionTest(deps, store.hash);
      if (resumed.length > 0)
        locals(res).log.info({ resumed: resumed.length }, 'orders held up by the connection queued again');
    }
    locals(res).log.info(
      { ok: result.ok, failed: result.checks.filter((c) => c.status === 'fail').map((c) => c.id) },
      'iom connection tested',
    );
    res.json(result);
  });

  router.put('/connection/schema-overrides', manage('change the IOM schema overrides'), async (req, res) => {
    const { store } = sessionOf(res);
    const body: SchemaOverridesResponse = await saveSchemaOverrides(deps, store.hash, req.body);
    locals(res).log.info(
      { overrides: Object.keys(body.schemaOverrides), missing: body.fulfillmentProfile.missing.length },
      'iom schema overrides saved',
    );
    res.json(body);
  });

  router.post('/connection/alternate-key', manage('create the order key in IOM'), async (_req, res) => {
    const { store } = sessionOf(res);
    const connection = await requireConnection(store.hash);
    const result = await createExternalOrderIdKey(deps.iom.clientFor(connection, INTERACTIVE));
    res.status(202).json(result);
  });

  router.post(
    '/connection/alternate-key/reactivate',
    manage('reactivate the order key in IOM'),
    async (_req, res) => {
      const { store } = sessionOf(res);
      const connection = await requireConnection(store.hash);
      const result = await reactivateExternalOrderIdKey(deps.iom.clientFor(connection, INTERACTIVE));
      locals(res).log.info('iom alternate key reactivation requested');
      res.status(202).json(result);
    },
  );

  router.get('/iom/:kind', async (req, res) => {
    const kind = req.params.kind as MasterDataKind;
    if (!MASTER_DATA_KINDS.includes(kind)) {
      throw new AppError(
        404,
        'not_found',
        `There is no IOM master data called "${req.params.kind}". Use one of: ${MASTER_DATA_KINDS.join(', ')}.`,
        {
          retriable: false,
        },
      );
    }
    const { store } = sessionOf(res);
    const connection = await requireConnection(store.hash);
    const body: MasterDataResponse = await listMasterData(deps.iom.clientFor(connection, INTERACTIVE), kind);
    res.json(body);
  });

  router.post('/iom/products/lookup', async (req, res) => {
    const parsed = lookupSchema.safeParse(req.body);
    if (!parsed.success)
      throw new ValidationError(`The SKU lookup is not valid: ${describeIssues(parsed.error.issues)}.`);
    const { store } = sessionOf(res);
    const connection = await requireConnection(store.hash);
    const body: ProductLookupResponse = await lookupProductsBySku(
      deps.iom.clientFor(connection, INTERACTIVE),
      parsed.data.skus,
    );
    res.json(body);
  });

  return router;
}

function view(connection: ConnectionRecord | null): ConnectionView | null {
  if (!connection) return null;
  return {
    environmentUrl: connection.environmentUrl,
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    hasClientSecret: connection.clientSecret.length > 0,
    intakeMode: connection.intakeMode,
    intakeUrl: maskIntakeUrl(connection.intakeUrl),
    updatedAt: connection.updatedAt,
    lastTest: connection.lastTest,
    fulfillmentProfile: connection.fulfillmentProfile ?? null,
    schemaOverrides: connection.schemaOverrides ?? {},
  };
}
