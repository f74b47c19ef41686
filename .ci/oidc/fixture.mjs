// A tiny OpenID provider the tests control, for what a certified provider never does on purpose: an ID token
// signed with a key that is not in its JWKS, with another nonce, or long expired. Real HTTP, real RS256 tokens.
// Usage: node fixture.mjs PORT (0: any free port). Prints "READY <base>".
//
// Every test uses its own tenant: issuer = <base>/<tenant>. Before signing in, a test sets the tenant with
//   POST <base>/<tenant>/_config {"mode": "good"|"wrong-key"|"wrong-nonce"|"expired", "claims": {...}}
// `claims` (sub, email, email_verified, name, preferred_username, any role claim) go into the next ID tokens.
// /authorize answers at once with a code (no sign-in form); /token checks the client (basic auth), the code, the
// redirect URI and the PKCE verifier, and mints the ID token.
import http from 'node:http';
import crypto from 'node:crypto';
import * as jose from 'jose';

const port = Number(process.argv[2] || 0);
let base = `http://127.0.0.1:${port}`;
const CLIENT_ID = 'ideashelf';
const CLIENT_SECRET = 'ideashelf-secret';

const published = await jose.generateKeyPair('RS256', { extractable: true });
const stranger = await jose.generateKeyPair('RS256', { extractable: true });
const publicJwk = { ...(await jose.exportJWK(published.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };

const tenants = new Map(); // tenant -> {mode, claims}
const codes = new Map(); // code -> {tenant, nonce, challenge, redirectUri, claims, mode}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, base);
    const [, tenant, ...rest] = url.pathname.split('/');
    const path = rest.join('/');
    const issuer = `${base}/${tenant}`;
    if (req.method === 'POST' && path === '_config') {
      tenants.set(tenant, JSON.parse(await readBody(req)));
      return send(res, 204, '');
    }
    if (path === '.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: ['openid', 'email', 'profile'],
      });
    }
    if (path === 'jwks') return send(res, 200, { keys: [publicJwk] });
    if (path === 'authorize') {
      const p = url.searchParams;
      const t = tenants.get(tenant);
      if (!t || p.get('client_id') !== CLIENT_ID || p.get('response_type') !== 'code') return send(res, 400, { error: 'invalid_request' });
      const code = crypto.randomBytes(16).toString('hex');
      codes.set(code, { tenant, nonce: p.get('nonce'), challenge: p.get('code_challenge'), redirectUri: p.get('redirect_uri'), ...t });
      const back = new URL(p.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state'));
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && path === 'token') {
      const auth = req.headers.authorization || '';
      const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
      if (id !== CLIENT_ID || secret !== CLIENT_SECRET) return send(res, 401, { error: 'invalid_client' });
      const form = new URLSearchParams(await readBody(req));
      const grant = codes.get(form.get('code'));
      codes.delete(form.get('code'));
      if (!grant || grant.tenant !== tenant || grant.redirectUri !== form.get('redirect_uri')) return send(res, 400, { error: 'invalid_grant' });
      const challenge = crypto.createHash('sha256').update(form.get('code_verifier') || '').digest('base64url');
      if (challenge !== grant.challenge) return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
      const now = Math.floor(Date.now() / 1000);
      const [iat, exp] = grant.mode === 'expired' ? [now - 7200, now - 3600] : [now, now + 300];
      const nonce = grant.mode === 'wrong-nonce' ? 'not-the-nonce-that-was-sent' : grant.nonce;
      const key = grant.mode === 'wrong-key' ? stranger.privateKey : published.privateKey;
      const idToken = await new jose.SignJWT({ ...grant.claims, nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer).setAudience(CLIENT_ID).setIssuedAt(iat).setExpirationTime(exp)
        .sign(key);
      return send(res, 200, { access_token: crypto.randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    send(res, 404, { error: 'not_found' });
  } catch (e) {
    send(res, 500, { error: 'server_error', error_description: String(e) });
  }
});

server.listen(port, '127.0.0.1', () => {
  base = `http://127.0.0.1:${server.address().port}`;
  console.log(`READY ${base}`);
});
