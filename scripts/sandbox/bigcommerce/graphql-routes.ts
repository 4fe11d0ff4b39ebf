import { Router } from 'express';
import { z } from 'zod';
import { callerOf } from './api-gateway';
import {
  APP_EXTENSION_CONTEXTS,
  APP_EXTENSION_MODELS,
  type AppExtensionRecord,
} from './app-extension-registry';
import type { SimulatorContext } from './context';
import { GraphQLSyntaxError, parseOperation, type FieldNode, type GraphQLValue } from './graphql-document';
import { parseBody } from './request-body';

/** https://developer.bigcommerce.com/docs/integrations/apps/app-extensions/guide: "App Extensions: manage". */
export const APP_EXTENSIONS_SCOPE = 'store_app_extensions_manage';

const requestSchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});
const createInputSchema = z.object({
  context: z.enum(APP_EXTENSION_CONTEXTS),
  model: z.enum(APP_EXTENSION_MODELS),
  url: z.string().startsWith('/', 'must be an app path starting with "/"').max(2048),
  label: z.object({
    defaultValue: z.string().min(1).max(255),
    locales: z.array(z.object({ value: z.string().min(1), localeCode: z.string().min(2) })).default([]),
  }),
});
const deleteInputSchema = z.object({ id: z.string().min(1) });

interface GraphQLError {
  message: string;
  path?: Array<string | number>;
}

/** A field resolver's refusal: becomes an entry of `errors` and a null field. */
class FieldError extends Error {}

type Resolved = GraphQLValue | undefined | Resolver | { [key: string]: unknown };
type Resolver = (args: Record<string, GraphQLValue>) => Resolved;

/**
 * The GraphQL Admin API (`POST /stores/{store_hash}/graphql`), as far as App Extensions go: the
 * `store.appExtensions` query and the `appExtension { createAppExtension, deleteAppExtension }` mutations.
 * GraphQL answers 200 with `errors` (request errors carry no `data`); each needs `store_app_extensions_manage`.
 */
export function graphqlRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  router.post('/', (req, res) => {
    const failure = ctx.knobs.graphqlFailure;
    if (failure !== null)
      return void res.status(failure).json({ errors: [{ message: `Injected failure (${failure})` }] });
    const body = parseBody(req);
    const request = body.kind === 'json' ? requestSchema.safeParse(body.value) : null;
    if (!request?.success)
      return void res.status(400).json({
        errors: [{ message: 'Send a JSON body { "query": "…", "variables": { … } }.' }],
      });
    const caller = callerOf(req);
    if (!caller.scope.split(' ').includes(APP_EXTENSIONS_SCOPE))
      return void res.json({
        errors: [
          {
            message: `The access token lacks the OAuth scope ${APP_EXTENSIONS_SCOPE} (App Extensions: manage), which app extension queries and mutations require.`,
          },
        ],
      });
    let operation;
    try {
      operation = parseOperation(request.data.query, request.data.variables ?? {});
    } catch (error) {
      if (!(error instanceof GraphQLSyntaxError)) throw error;
      return void res.json({ errors: [{ message: error.message }] });
    }
    const owner = { storeHash: caller.storeHash, clientId: caller.clientId };
    const root = operation.kind === 'query' ? queryRoot(ctx, owner) : mutationRoot(ctx, owner);
    const errors: GraphQLError[] = [];
    const data = project(
      root,
      operation.selections,
      [],
      errors,
      operation.kind === 'query' ? 'Query' : 'Mutation',
    );
    res.json(errors.length ? { data, errors } : { data });
  });
  return router;
}

interface Owner {
  storeHash: string;
  clientId: string;
}

function queryRoot(ctx: SimulatorContext, owner: Owner): Record<string, Resolved> {
  return {
    store: {
      appExtensions: {
        edges: ctx.appExtensions
          .list(owner.storeHash, owner.clientId)
          .map((node) => ({ node: node as unknown as GraphQLValue })),
      },
    },
  };
}

function mutationRoot(ctx: SimulatorContext, owner: Owner): Record<string, Resolved> {
  return {
    appExtension: {
      createAppExtension: (args: Record<string, GraphQLValue>) => {
        const input = createInputSchema.safeParse(args['input']);
        if (!input.success) throw new FieldError(`Invalid input: ${z.prettifyError(input.error)}`);
        const result = ctx.appExtensions.create(owner.storeHash, owner.clientId, input.data);
        if (!result.ok) throw new FieldError(result.message);
        return { appExtension: result.extension as AppExtensionRecord as unknown as GraphQLValue };
      },
      deleteAppExtension: (args: Record<string, GraphQLValue>) => {
        const input = deleteInputSchema.safeParse(args['input']);
        if (!input.success) throw new FieldError(`Invalid input: ${z.prettifyError(input.error)}`);
        if (!ctx.appExtensions.delete(owner.storeHash, owner.clientId, input.data.id))
          throw new FieldError(`App extension ${input.data.id} was not found on this store.`);
        return { deletedAppExtensionId: input.data.id };
      },
    },
  };
}

/** Keeps only the selected fields (by alias), calling resolvers with their arguments. */
function project(
  value: Resolved,
  selections: FieldNode[],
  path: Array<string | number>,
  errors: GraphQLError[],
  typeName: string,
): GraphQLValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value))
    return value.map((item, i) => project(item as Resolved, selections, [...path, i], errors, typeName));
  if (typeof value !== 'object') return value as GraphQLValue;
  const out: Record<string, GraphQLValue> = {};
  for (const field of selections) {
    const fieldPath = [...path, field.key];
    if (field.name === '__typename') {
      out[field.key] = typeName;
      continue;
    }
    const record = value as Record<string, Resolved>;
    if (!(field.name in record)) {
      errors.push({ message: `Field '${field.name}' doesn't exist on type '${typeName}'`, path: fieldPath });
      out[field.key] = null;
      continue;
    }
    let resolved = record[field.name];
    try {
      if (typeof resolved === 'function') resolved = resolved(field.args);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors.push({ message: error.message, path: fieldPath });
      out[field.key] = null;
      continue;
    }
    const isObject = typeof resolved === 'object' && resolved !== null;
    if (isObject && !field.selections) {
      errors.push({ message: `Field '${field.name}' must have a selection of subfields.`, path: fieldPath });
      out[field.key] = null;
    } else
      out[field.key] = field.selections
        ? project(resolved, field.selections, fieldPath, errors, field.name)
        : (resolved as GraphQLValue);
  }
  return out;
}
