import { MemoryClientStore, type ClientMetadata, type IdentityProviderOptions, type Logger } from '../../src/index.js';
import { flowFixtures, SECRET } from '../support/fixtures.js';
import { memoryLogger, startIdp, type Mount, type TestIdp } from '../support/start-idp.js';

export const ADMIN_CLIENT = { client_id: 'admin-cli', client_secret: 'admin-cli-secret-0123456789abcdef' };

/** A machine client allowed the `admin` scope by client_credentials (how operators get a token). */
export const ADMIN_CLIENT_METADATA: ClientMetadata = {
  ...ADMIN_CLIENT,
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  scope: 'admin api',
};

export interface AdminIdp extends TestIdp {
  /** The raw client store behind the IdP: what is really stored. */
  store: MemoryClientStore;
  logger: Logger & { lines: string[] };
  /** Absolute URL of an admin route, e.g. `url('/clients')`. */
  url(path: string): string;
  /** An access token for `clientId` by client_credentials. */
  token(clientId: string, secret: string, scope: string): Promise<string>;
  /** Calls the admin API with a Bearer token and an optional JSON body. */
  call(method: string, path: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** Starts an IdP with the admin API on, the flow fixtures' clients and the admin client. */
export async function startAdminIdp(extra: Partial<IdentityProviderOptions> = {}, mount: Mount = 'root'): Promise<AdminIdp> {
  const fixtures = await flowFixtures();
  const store = new MemoryClientStore();
  const logger = memoryLogger();
  const statics = [...(fixtures.options.clients as ClientMetadata[]), ADMIN_CLIENT_METADATA];
  const t = await startIdp({ ...fixtures.options, clients: { store, static: statics }, admin: { enabled: true }, logger, ...extra }, mount);
  let adminToken: string | undefined;

  const url = (path: string) => `${t.issuer}${t.idp.routes.admin}${path}`;

  async function token(clientId: string, secret: string, scope: string): Promise<string> {
    const response = await fetch(`${t.issuer}${t.idp.routes.token}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async function call(method: string, path: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
    adminToken ??= await token(ADMIN_CLIENT.client_id, ADMIN_CLIENT.client_secret, 'admin');
    const bearer = options.token === undefined ? adminToken : options.token;
    const headers: Record<string, string> = { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url(path), { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  return { ...t, store, logger, url, token, call };
}

/** Client credentials through the token endpoint; returns the status and the body. */
export async function clientCredentials(issuer: string, clientId: string, secret: string, scope = 'api', method: 'basic' | 'post' = 'basic'): Promise<{ status: number; body: Record<string, unknown> }> {
  const params = new URLSearchParams({ grant_type: 'client_credentials', scope });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (method === 'basic') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  else {
    params.set('client_id', clientId);
    params.set('client_secret', secret);
  }
  const response = await fetch(`${issuer}/token`, { method: 'POST', headers, body: params.toString() });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export { SECRET };
