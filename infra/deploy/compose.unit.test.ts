import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { interpolate } from './testing/interpolate.ts';

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const composeFile = path('../compose.yaml');
const composeText = readFileSync(composeFile, 'utf8');
const schema: unknown = JSON.parse(readFileSync(path('testing/compose-spec.json'), 'utf8'));

// The spec's schema uses no formats; strict mode would reject its own `deprecated` annotations.
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
  z.record(z.string(), z.unknown()).parse(schema),
);
// Compose resolves YAML merge keys (`<<: *app`) before it validates, and so do we.
const load = (text: string): unknown => parse(text, { merge: true });

const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  command: z.array(z.string()).optional(),
  profiles: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  volumes: z.array(z.string()).optional(),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });
const compose = composeSchema.parse(load(composeText));
const services = Object.entries(compose.services);
const appRoles = services.filter(([, service]) => service.build !== undefined);

/** The environment of one service as its container would get it, `${…}` resolved against env. */
const environmentOf = (
  service: z.infer<typeof serviceSchema>,
  env: Record<string, string | undefined>,
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [
      name,
      interpolate(String(value), env),
    ]),
  );

describe('infra/compose.yaml', () => {
  it('given the Compose Specification schema, when the compose file is validated, then it conforms', () => {
    const valid = validate(load(composeText));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('given the schema, when a service has a misspelt key, then validation fails', () => {
    const broken = composeText.replace("    command: ['--role', 'processes']", '    comand: x');
    expect(broken).not.toBe(composeText);
    expect(validate(load(broken))).toBe(false);
  });

  it('given every service, then each names an image, and the app roles are built from the Dockerfile', () => {
    for (const [, service] of services) expect(service.image).toMatch(/\S/);
    expect(appRoles.map(([name]) => name).sort()).toEqual(['api', 'processes', 'projections']);
    for (const [name, service] of appRoles) {
      const context = resolve(dirname(composeFile), service.build?.context ?? '');
      expect(existsSync(resolve(context, service.build?.dockerfile ?? ''))).toBe(true);
      expect(service.command).toEqual(['--role', name]);
    }
  });

  it('given JWT_SECRET, when each role reads its environment, then the config parses in connected mode', () => {
    const env = { JWT_SECRET: 'a-compose-test-secret-of-32-characters' };
    for (const [, service] of appRoles) {
      const config = loadConfig(environmentOf(service, env));
      expect(config.embedded).toBe(false);
      expect(config.HOST).toBe('0.0.0.0');
      expect(config.MONGODB_URL).toMatch(/^mongodb:\/\/mongodb:27017\//);
      expect(config.KAFKA_BROKERS).toBe('kafka:19092');
    }
  });

  it('given no JWT_SECRET, when a role starts, then its config refuses to, naming the variable', () => {
    for (const [, service] of appRoles)
      expect(() => loadConfig(environmentOf(service, {}))).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
  });

  it('given the cluster profile, then three KurrentDB nodes seed each other and node 1 runs always', () => {
    const nodes = services.filter(([name]) => name.startsWith('kurrentdb'));
    expect(nodes.map(([name, s]) => [name, s.profiles ?? []])).toEqual([
      ['kurrentdb', []],
      ['kurrentdb-2', ['cluster']],
      ['kurrentdb-3', ['cluster']],
    ]);
    const env = { KURRENTDB_CLUSTER_SIZE: '3' };
    const replicationIps = nodes.map(([, s]) => environmentOf(s, env).KURRENTDB_REPLICATION_IP);
    for (const [, node] of nodes) {
      const own = environmentOf(node, env);
      expect(own.KURRENTDB_CLUSTER_SIZE).toBe('3');
      const seeds = (own.KURRENTDB_GOSSIP_SEED ?? '').split(',').map((seed) => seed.split(':')[0]);
      expect(seeds.sort()).toEqual(
        replicationIps.filter((ip) => ip !== own.KURRENTDB_REPLICATION_IP),
      );
    }
  });

  it('given depends_on, then each dependency exists and service_healthy waits on a health check', () => {
    const hasHealthCheck = (name: string): boolean => {
      const service = compose.services[name];
      // The app image's HEALTHCHECK is in the Dockerfile (see dockerfile.unit.test.ts).
      return service?.healthcheck !== undefined || service?.build !== undefined;
    };
    for (const [, service] of services)
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services[dependency]).toBeDefined();
        if (condition === 'service_healthy') expect(hasHealthCheck(dependency)).toBe(true);
      }
  });

  it('given the bind-mounted files, then each exists beside the compose file', () => {
    const mounts = services.flatMap(([, s]) => s.volumes ?? []).filter((v) => v.startsWith('./'));
    expect(mounts.length).toBeGreaterThanOrEqual(5);
    for (const mount of mounts)
      expect(existsSync(resolve(dirname(composeFile), mount.split(':')[0] ?? ''))).toBe(true);
  });
});
