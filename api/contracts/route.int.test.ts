import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { readCommittedContract } from './testing/committed.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('GET /api/asyncapi.json', () => {
  it('given no token, then it serves the committed AsyncAPI document, listed in the OpenAPI one', async () => {
    const response = await api.request('/api/asyncapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(readCommittedContract('asyncapi.json'));
    const openApi = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openApi.paths)).toContain('/api/asyncapi.json');
  });
});
