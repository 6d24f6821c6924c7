import { z } from 'zod';
import type { Route } from './route.ts';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

// Express writes `/orders/:id`, OpenAPI `/orders/{id}`.
const openApiPath = (path: string): string => path.replace(/:([A-Za-z_]\w*)/g, '{$1}');

const parameters = (route: Route): JsonSchema[] => {
  const fromObject = (schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] => {
    if (schema === undefined) return [];
    const json = schemaOf(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set(Array.isArray(json.required) ? (json.required as string[]) : []);
    return Object.entries(properties).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: property,
    }));
  };
  const headers = (route.headers ?? []).map((header) => ({
    name: header.name,
    in: 'header',
    required: header.required ?? false,
    description: header.description,
    schema: { type: 'string' },
  }));
  return [...fromObject(route.params, 'path'), ...fromObject(route.query, 'query'), ...headers];
};

const operation = (route: Route): JsonSchema => ({
  summary: route.summary,
  tags: [route.tag],
  ...(route.access === 'public' ? { security: [] } : {}),
  ...(Array.isArray(route.access) ? { description: `Roles: ${route.access.join(', ')}` } : {}),
  parameters: parameters(route),
  ...(route.body
    ? {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
        },
      }
    : {}),
  responses: Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => {
      const isProblem = Number(status) >= 400;
      const contentType =
        response.contentType ?? (isProblem ? 'application/problem+json' : 'application/json');
      const schema = response.schema
        ? schemaOf(response.schema, 'output')
        : isProblem
          ? problemSchema
          : undefined;
      return [
        status,
        {
          description: response.description,
          ...(schema ? { content: { [contentType]: { schema } } } : {}),
        },
      ];
    }),
  ),
});

/** The OpenAPI 3.1 document of every declared route, generated from their zod schemas. */
export const openApiDocument = (
  routes: readonly Route[],
  info: { title: string; version: string },
): JsonSchema => {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
};
