// A real OpenID Connect provider (npm oidc-provider, a certified implementation) for the sign-in tests, on loopback only.
// Start: node provider.js. It listens on 127.0.0.1 (a free port), prints "LISTENING <port>", then reads ONE line from stdin:
// {"redirectUris":[...],"postLogoutRedirectUris":[...],"backchannelLogoutUri":"..."} (the KvmPortal under test knows its own port only after starting), builds
// the provider with that client, and prints "READY". The login page is oidc-provider's devInteractions page (any password; the
// login name picks the account). Accounts: alice (group kvm-admins), bob (group kvm-viewers), carol (group marketing: unmapped).
import http from 'node:http';
import readline from 'node:readline';
import Provider from 'oidc-provider';

const accounts = {
  alice: { email: 'alice@example.test', groups: ['kvm-admins', 'staff'] },
  bob: { email: 'bob@example.test', groups: ['kvm-viewers'] },
  carol: { email: 'carol@example.test', groups: ['marketing'] },
};
// Tests may move a user to other groups between sign-ins: {"groups":{"alice":["staff"]}} on stdin after READY.
let handler = (req, res) => { res.statusCode = 503; res.end('not ready'); };
const server = http.createServer((req, res) => handler(req, res));
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  process.stdout.write(`LISTENING ${port}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  let provider;
  lines.on('line', (line) => {
    const message = JSON.parse(line);
    if (message.redirectUris) { // the first registration, or a new one for a restarted KvmPortal on another port (a fresh provider)
      provider = build(`http://127.0.0.1:${port}`, message);
      handler = provider.callback();
      process.stdout.write('READY\n');
    } else if (message.groups) {
      for (const [name, groups] of Object.entries(message.groups)) accounts[name].groups = groups;
      process.stdout.write('GROUPS\n');
    }
  });
  lines.on('close', () => server.close(() => process.exit(0)));
});

function build(issuer, client) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'kvmportal',
      client_secret: 'kvmportal-test-secret',
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri } : {}),
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    async findAccount(ctx, id) {
      if (!accounts[id]) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: `sub-${id}`, preferred_username: id, name: id, email: accounts[id].email, groups: accounts[id].groups };
        },
      };
    },
    features: {
      devInteractions: { enabled: true },
      // Back-channel logout: signing out here POSTs a signed logout token to KvmPortal (oidc-provider 9 has no front-channel logout).
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html><html><head><title>Logout</title></head><body><h1>Sign out of the test provider?</h1>${form}`
            + '<button type="submit" form="op.logoutForm" value="yes" name="logout" id="op-logout-yes">Yes, sign me out</button></body></html>';
        },
      },
    },
    // Outgoing requests (here: the back-channel logout POST to KvmPortal): oidc-provider's own dispatcher refuses special-use addresses
    // such as 127.0.0.1 (SSRF protection: "fetch failed") and allows 2.5 s; this lab provider talks to loopback only, on a loaded machine.
    fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, { ...options, signal: AbortSignal.timeout(30000) }),
    pkce: { required: () => true },
    cookies: { keys: ['kvmportal-test-only-cookie-key'] },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html><body><pre id="op-error">${String(out.error).replace(/[<>&]/g, '')}: ${String(out.error_description ?? '').replace(/[<>&]/g, '')}</pre></body></html>`;
    },
  });
  provider.on('server_error', (ctx, error) => process.stderr.write(`server_error ${error.stack}\n`));
  provider.on('backchannel.error', (ctx, error) => process.stderr.write(`backchannel.error ${error.message} ${error.cause?.message ?? ''}\n`));
  provider.on('backchannel.success', () => process.stderr.write('backchannel.success\n'));
  return provider;
}
