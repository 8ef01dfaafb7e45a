// The provider's HTML: the sign-in form (spec §5.3) and error pages. Plain, accessible markup: a language, a title,
// every field labelled, errors announced (role=alert), the e-mail field first in the focus order, then its submit
// button, then the provider choices; no script. Every value is escaped.
export interface LoginPageInput {
  state: string
  action: string
  email?: string
  providers: ReadonlyArray<{ name: string; label: string }>
  error?: string
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1b1d21; margin: 0; }
  main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px #0002; }
  h1 { font-size: 1.5rem; margin-top: 0; } h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input[type=email], input[type=text] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #6b7280; border-radius: .25rem; }
  button { margin-top: .75rem; padding: .6rem 1rem; font-size: 1rem; border-radius: .25rem; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; }
  button.provider { background: #fff; color: #1d4ed8; display: block; width: 100%; }
  :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  .error { background: #fee2e2; border: 1px solid #b91c1c; color: #7f1d1d; padding: .75rem; border-radius: .25rem; }
`

export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string)
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body>
</html>`
}

export function loginPage(input: LoginPageInput): string {
  const state = `<input type="hidden" name="state" value="${escapeHtml(input.state)}">`
  const providers = input.providers.length
    ? `<section aria-labelledby="providers-heading">
<h2 id="providers-heading">Or sign in with</h2>
<form method="post" action="${escapeHtml(input.action)}">${state}
${input.providers.map((p) => `<button type="submit" class="provider" name="provider" value="${escapeHtml(p.name)}">${escapeHtml(p.label)}</button>`).join('\n')}
</form>
</section>`
    : ''
  return page(
    'Sign in',
    `<h1>Sign in</h1>
${input.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}">${state}
<label for="email">E-mail address</label>
<input id="email" name="email" type="email" autocomplete="email" required autofocus${input.error ? ' aria-describedby="login-error"' : ''} value="${escapeHtml(input.email ?? '')}">
<button type="submit">Continue</button>
</form>
${providers}`,
  )
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>`)
}

export interface OnboardPageInput {
  state: string
  action: string
  email: string
}

/** The onboarding form (spec §5.6 `onboardRequestOptions`) for a person no organization knows yet. */
export function onboardPage(input: OnboardPageInput): string {
  const field = (name: string, label: string, value = '', required = true) =>
    `<label for="${name}">${label}</label>
<input id="${name}" name="${name}" type="text" maxlength="63"${required ? ' required' : ''} value="${escapeHtml(value)}">`
  return page(
    'Create your organization',
    `<h1>Create your organization</h1>
<p>No organization knows ${escapeHtml(input.email)} yet. Create one to continue.</p>
<form method="post" action="${escapeHtml(input.action)}"><input type="hidden" name="state" value="${escapeHtml(input.state)}">
${field('organization_name', 'Organization name')}
${field('organization_description', 'Description (optional)', '', false)}
${field('group_name', 'Your group', 'administrators')}
<button type="submit">Create and continue</button>
</form>`,
  )
}

/** A page that says something went well (the signup link's activation). */
export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p role="status">${escapeHtml(message)}</p>`)
}
