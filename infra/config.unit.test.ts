import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs in embedded mode with nothing set', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.ROLE).toBe('all');
  });

  it('names every bad variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', PAYMENT_DECLINE_RATE: '2', ROLE: 'boss' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = error instanceof Error ? error.message : '';
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/PAYMENT_DECLINE_RATE/);
      expect(message).toMatch(/ROLE/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ EVENTSTORE_CONNECTION_STRING: '' }).embedded).toBe(true);
  });

  it('needs a way to verify tokens in connected mode', () => {
    const connected = { EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' };
    expect(() => loadConfig(connected)).toThrow(/JWT_SECRET or JWT_JWKS_URL/);
    expect(loadConfig({ ...connected, JWT_SECRET: 'x'.repeat(32) }).embedded).toBe(false);
  });

  it('listens on loopback in embedded mode unless HOST says otherwise, everywhere in connected mode', () => {
    const connected = {
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      JWT_SECRET: 'x'.repeat(32),
    };
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig(connected).HOST).toBe('0.0.0.0');
    expect(loadConfig({ ...connected, HOST: '10.1.2.3' }).HOST).toBe('10.1.2.3');
  });

  it('takes a signing key alone in connected mode, and an external issuer only with its JWKS, named apart from ours', () => {
    const connected = { EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' };
    const pem = '-----BEGIN PRIVATE KEY-----';
    expect(loadConfig({ ...connected, JWT_SIGNING_KEY: pem }).JWT_SIGNING_KEY).toBe(pem);
    expect(() =>
      loadConfig({ ...connected, JWT_SIGNING_KEY: pem, JWT_SIGNING_KEY_FILE: '/run/key.pem' }),
    ).toThrow(/JWT_SIGNING_KEY and JWT_SIGNING_KEY_FILE/);
    const jwks = { JWT_JWKS_URL: 'https://login.example/jwks.json' };
    expect(() => loadConfig({ ...connected, ...jwks })).toThrow(/JWT_EXTERNAL_ISSUER/);
    expect(() => loadConfig({ JWT_EXTERNAL_ISSUER: 'https://login.example/' })).toThrow(
      /JWT_JWKS_URL and JWT_EXTERNAL_ISSUER/,
    );
    expect(() => loadConfig({ ...jwks, JWT_EXTERNAL_ISSUER: 'order-ledger' })).toThrow(
      /must differ from JWT_ISSUER/,
    );
    const external = loadConfig({
      ...connected,
      ...jwks,
      JWT_EXTERNAL_ISSUER: 'https://login.example/',
    });
    expect(external.JWT_EXTERNAL_ISSUER).toBe('https://login.example/');
  });

  it('refuses a short secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });
});
