import { createServer, type Server } from 'node:https';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { makeCerts } from './certs.js';
import { freePort } from './net.js';

/** People the provider knows (any password signs them in): login → their groups. */
export const OIDC_USERS: Record<string, string[]> = {
  alice: ['staff', 'ops-admins'],
  bob: ['sim-team'],
};
export const OIDC_CLIENT = { id: 'simscope-console', secret: 'simscope-test-client-secret' };

export interface TestOidcProvider {
  issuer: string;
  /** The CA that signed the provider's certificate (for NODE_EXTRA_CA_CERTS). */
  caFile: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (the certified `oidc-provider` package) on https://127.0.0.1 with a
 * certificate from a test CA: its own login and consent pages, authorization code with PKCE, the
 * `groups` claim from the userinfo endpoint. `redirectUris` are the clients' callbacks.
 */
export async function startOidcProvider(redirectUris: string[]): Promise<TestOidcProvider> {
  const certs = makeCerts(mkdtempSync(join(tmpdir(), 'simscope-oidc-')));
  const caDir = certs.server;
  const port = await freePort();
  const issuer = `https://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: (_ctx: unknown, sub: string) =>
      OIDC_USERS[sub]
        ? {
            accountId: sub,
            claims: () => ({
              sub,
              preferred_username: sub,
              email: `${sub}@example.org`,
              groups: OIDC_USERS[sub],
            }),
          }
        : undefined,
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      email: ['email'],
      groups: ['groups'],
    },
    scopes: ['openid', 'profile', 'email', 'groups'],
    pkce: { required: () => true },
    cookies: { keys: ['simscope-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = createServer(
    {
      key: readFileSync(join(caDir, 'server-key.pem')),
      cert: readFileSync(join(caDir, 'server-cert.pem')),
    },
    provider.callback(),
  );
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    caFile: join(caDir, 'ca.pem'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
