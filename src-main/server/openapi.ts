// /api/v1/openapi.json: an OpenAPI 3.1 document generated from the routes' own zod schemas
// (the ones Fastify validates with), so the document cannot drift from what the server checks.
import { z } from 'zod';
import { APP_NAME, APP_VERSION } from '../../src-shared/app-info';
import type { ApiRoute } from './api-routes';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Query and path parameters: one entry per property of the object schema. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

export function openApiDocument(routes: Record<string, ApiRoute>, prefix: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(routes)) {
    const path = prefix + route.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(route.responses)) {
      const code = Number(status);
      const content = code >= 400
        ? { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
        : code === 204 || code === 101 ? undefined : { [route.produces ?? 'application/json']: {} };
      responses[status] = content ? { description, content } : { description };
    }
    responses['401'] = { description: 'no or a wrong bearer token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      operationId,
      summary: route.summary,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.querystring, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: `${APP_NAME} local API`, version: APP_VERSION, description: 'Served on 127.0.0.1 only. Every request needs "Authorization: Bearer <token>".' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
