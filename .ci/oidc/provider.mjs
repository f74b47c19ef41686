// The certified OpenID provider (npm `oidc-provider`) with a small configuration, for the SSO browser journey.
// Usage: node provider.mjs PORT REDIRECT_URI
// One client (`ideashelf` / `ideashelf-secret`, client_secret_basic, PKCE), development interactions (any login
// name and password sign in; the login name is the account). Prints "READY <issuer>" once it listens.
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'ideashelf',
    client_secret: 'ideashelf-secret',
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  pkce: { required: () => true },
  // The claims go into the ID token itself (ideashelf reads them there, as from Entra ID, Google, Keycloak).
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['ideashelf-test-provider'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@sso.example`, email_verified: true, name: `${id} Example`, preferred_username: id };
      },
    };
  },
});

provider.listen(Number(port), '127.0.0.1', () => console.log(`READY ${issuer}`));
