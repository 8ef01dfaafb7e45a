// The sign-in page (issue 9): a small, accessible form on `GET /iam/v1alpha1/auth/login` that posts to the same
// path as JSON. Every field has a label; the one-time code field appears (and takes focus) only when the server
// answers that the user has MFA; errors are announced (role=alert), success too (role=status). The page holds no
// secret: its script keeps the session token in sessionStorage for the console that would follow.
import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #1b1d21; margin: 0; }
  main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
  h1 { margin-top: 0; font-size: 1.5rem; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { box-sizing: border-box; width: 100%; padding: .5rem; margin-top: .25rem; border: 1px solid #6b7280; border-radius: 4px; font: inherit; }
  input:focus, button:focus { outline: 3px solid #4f0599; outline-offset: 2px; }
  button { margin-top: 1.5rem; width: 100%; padding: .6rem; border: 0; border-radius: 4px; background: #4f0599; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  [role=alert]:not(:empty) { margin-top: 1rem; padding: .5rem; background: #fde8e8; color: #8a1c1c; border-radius: 4px; }
  [role=status]:not(:empty) { margin-top: 1rem; padding: .5rem; background: #e6f4ea; color: #1e5631; border-radius: 4px; }
`

const SCRIPT = `
  const form = document.getElementById('sign-in');
  const otp = document.getElementById('otp');
  const code = document.getElementById('mfa_code');
  const alert = document.getElementById('message');
  const status = document.getElementById('status');
  const params = new URLSearchParams(location.search);
  if (params.get('organization_id')) document.getElementById('organization_id').value = params.get('organization_id');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.textContent = '';
    const body = {
      organization_id: form.organization_id.value.trim(),
      username: form.username.value.trim(),
      password: form.password.value,
    };
    if (!otp.hidden && code.value.trim()) body.mfa_code = code.value.trim();
    const response = await fetch(form.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      sessionStorage.setItem('scaleway-session', answer.token);
      form.hidden = true;
      status.textContent = 'Signed in. Your session ends at ' + new Date(answer.jwt.expires_at).toLocaleString() + '.';
      return;
    }
    if (response.status === 401 && answer.method === 'mfa' && otp.hidden) {
      otp.hidden = false;
      code.required = true;
      code.focus();
      alert.textContent = 'Enter the one-time code from your authenticator app.';
      return;
    }
    alert.textContent = response.status === 423 ? 'This user is locked. Ask an administrator to unlock it.'
      : response.status === 429 ? 'Too many attempts. Wait a minute and try again.'
      : answer.method === 'mfa' ? 'The one-time code is wrong or was already used.'
      : response.status === 400 ? 'Fill in every field.'
      : 'Wrong username, e-mail or password.';
    (otp.hidden ? form.password : code).focus();
  });
`

function html(nonce: string, action: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · IAM</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<h1>Sign in</h1>
<form id="sign-in" method="post" action="${action}" novalidate>
  <label for="organization_id">Organization ID</label>
  <input id="organization_id" name="organization_id" required autocomplete="organization" spellcheck="false">
  <label for="username">Username or e-mail</label>
  <input id="username" name="username" required autocomplete="username" spellcheck="false">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required autocomplete="current-password">
  <div id="otp" hidden>
    <label for="mfa_code">One-time code</label>
    <input id="mfa_code" name="mfa_code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="mfa_help">
    <p id="mfa_help">The six digits your authenticator app shows, or a recovery code.</p>
  </div>
  <p id="message" role="alert"></p>
  <button type="submit">Sign in</button>
</form>
<p id="status" role="status"></p>
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`
}

/** The page; `action` is the login path it posts to. */
export function signInPage(c: Context, action: string): Response {
  const nonce = randomBytes(16).toString('base64')
  c.header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`)
  c.header('X-Frame-Options', 'DENY')
  c.header('Referrer-Policy', 'no-referrer')
  c.header('Cache-Control', 'no-store')
  return c.html(html(nonce, action))
}
