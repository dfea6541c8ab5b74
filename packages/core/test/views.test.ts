import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors.js';
import {
  defaultViews,
  escapeHtml,
  html,
  resolveViews,
  retryAfterText,
  safeActionUrl,
  safeHttpUrl,
  type ConsentViewContext,
  type LoginViewContext,
  type Views,
} from '../src/views/index.js';
import { darkPalette, lightPalette, type Palette } from '../src/views/palette.js';

const nonce = 'dGVzdC1ub25jZS0xMjM0NQ==';
const HOSTILE = `<script>alert(1)</script>"onmouseover="alert(2)' \`x\``;
const client = {
  clientId: 'demo-app',
  clientName: 'Acme Dashboard',
  logoUri: 'https://rp.example/logo.svg',
  policyUri: 'https://rp.example/privacy',
  tosUri: 'https://rp.example/terms',
};
const login: LoginViewContext = { nonce, action: '/interaction/u1/login', csrfToken: 'csrf-1', client, uid: 'u1' };
const consent: ConsentViewContext = {
  nonce,
  action: '/interaction/u1/confirm',
  denyAction: '/interaction/u1/abort',
  csrfToken: 'csrf-2',
  client,
  uid: 'u1',
  accountName: 'alice@example.com',
  scopes: ['openid', 'profile', 'email', 'offline_access', 'api'],
};

/** Every page the default views render, with realistic data; the browser suite screenshots them. */
const pages: Record<string, string> = {
  login: defaultViews.login({ ...login, signupUrl: '/signup', cancelAction: '/interaction/u1/abort' }),
  // No logo here: the page shows the client's initial instead.
  'login-error': defaultViews.login({ ...login, client: { clientId: 'demo-app', clientName: 'Acme Dashboard' }, loginHint: 'alice', error: 'Wrong username or password.' }),
  'login-throttled': defaultViews.login({ ...login, loginHint: 'alice', retryAfterSeconds: 90 }),
  consent: defaultViews.consent(consent),
  'logout-confirm': defaultViews.logoutConfirm({ nonce, action: '/session/end/confirm', xsrf: 'x1', clientName: 'Acme Dashboard' }),
  'logout-success': defaultViews.logoutSuccess({ nonce, clientName: 'Acme Dashboard' }),
  error: defaultViews.error({
    nonce,
    title: 'This sign-in link has expired',
    error: 'invalid_request',
    description: 'Sign-in took too long. Go back to the application and start again.',
    status: 400,
    backUrl: 'https://rp.example/',
  }),
  signup: defaultViews.signup({ nonce, action: '/signup', csrfToken: 'csrf-3', loginUrl: '/login', values: { username: 'bob' } }),
};

function inputTag(page: string, name: string): string {
  const tag = page.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  if (!tag) throw new Error(`no input named ${name}`);
  return tag;
}

describe('escaping helpers', () => {
  it('escapes the HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
    expect(String(html`<p title="${HOSTILE}">${[HOSTILE, html`<b>ok</b>`]}</p>`)).toBe(
      `<p title="${escapeHtml(HOSTILE)}">${escapeHtml(HOSTILE)}<b>ok</b></p>`,
    );
  });

  it('keeps only http(s) URLs for client links and same-origin paths for actions', () => {
    expect(safeHttpUrl('https://rp.example/a?b=1')).toBe('https://rp.example/a?b=1');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:x', 'java\tscript:x', 'data:text/html,x', '/relative', 'ftp://x']) {
      expect(safeHttpUrl(bad), bad).toBeUndefined();
    }
    expect(safeActionUrl('/interaction/abc/login')).toBe('/interaction/abc/login');
    for (const bad of ['//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'relative']) {
      expect(safeActionUrl(bad), bad).toBeUndefined();
    }
  });
});

describe('every default page', () => {
  it.each(Object.entries(pages))('%s is a complete, CSP-safe document', (_name, page) => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain(`<style nonce="${nonce}">`);
    expect(page.match(/<style/g)).toHaveLength(1);
    expect(page).not.toMatch(/\sstyle=/i);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\son[a-z]+=/i);
    expect(page).toMatch(/<main class="page">/);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).not.toContain('undefined');
  });
});

describe('login view', () => {
  it('renders the form the interaction route expects', () => {
    const page = pages.login as string;
    expect(page).toContain('<form method="post" action="/interaction/u1/login">');
    expect(page).toContain('<input type="hidden" name="csrf" value="csrf-1">');
    expect(page).toContain('<label for="field-username">Username or e-mail</label>');
    expect(page).toContain('<label for="field-password">Password</label>');
    expect(inputTag(page, 'username')).toMatch(/id="field-username".*type="text" autocomplete="username"/);
    expect(inputTag(page, 'username')).toContain(' autofocus');
    expect(inputTag(page, 'password')).toMatch(/id="field-password".*type="password" autocomplete="current-password"/);
    expect(inputTag(page, 'password')).not.toContain('autofocus');
    expect(page).toContain('<button class="button button-primary" type="submit">Sign in</button>');
    expect(page).toContain('<form method="post" action="/interaction/u1/abort"><input type="hidden" name="csrf" value="csrf-1">');
    expect(page).toContain('<a href="/signup">Create an account</a>');
    expect(page).toContain('<strong>Acme Dashboard</strong>');
    expect(page).not.toContain('role="alert"');
  });

  it('prefills the hint, focuses the password and shows one error in an alert', () => {
    const page = pages['login-error'] as string;
    expect(inputTag(page, 'username')).toContain('value="alice"');
    expect(inputTag(page, 'password')).toContain(' autofocus');
    expect(inputTag(page, 'password')).toContain('aria-describedby="login-error" aria-invalid="true"');
    expect(page).toContain('<div class="alert" id="login-error" role="alert"><p>Wrong username or password.</p></div>');
  });

  it('says when to retry when throttled', () => {
    expect(pages['login-throttled']).toContain('<p>Too many sign-in attempts.</p><p>Try again in 2 minutes.</p>');
    expect(retryAfterText(1)).toBe('Try again in 1 second.');
    expect(retryAfterText(59.2)).toBe('Try again in 1 minute.');
    expect(retryAfterText(45)).toBe('Try again in 45 seconds.');
    expect(retryAfterText(7200)).toBe('Try again in 2 hours.');
  });

  it('escapes a hostile client, login hint and error, and drops a javascript: logo', () => {
    const page = defaultViews.login({
      ...login,
      client: { clientId: 'x', clientName: HOSTILE, logoUri: 'javascript:alert(3)', policyUri: 'javascript:alert(4)' },
      loginHint: HOSTILE,
      error: HOSTILE,
    });
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('"onmouseover=');
    expect(page).not.toContain('javascript:');
    expect(page).not.toContain('<img');
    expect(page).toContain(`value="${escapeHtml(HOSTILE)}"`);
    expect(page).toContain(`<p>${escapeHtml(HOSTILE)}</p>`);
  });

  it('refuses a form action that would post elsewhere', () => {
    expect(() => defaultViews.login({ ...login, action: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(() => defaultViews.login({ ...login, cancelAction: '//evil.example/' })).toThrow(TypeError);
  });
});

describe('consent view', () => {
  it('names the client, explains each scope in words and posts Allow and Deny with the CSRF token', () => {
    const page = pages.consent as string;
    expect(page).toContain('<strong>Acme Dashboard</strong> wants to access your account');
    expect(page).toContain('Signed in as <strong>alice@example.com</strong>');
    for (const words of ['Confirm your identity', 'Your name and profile details', 'Your e-mail address', 'Stay signed in (access while you&#39;re away)', 'Access to api']) {
      expect(page).toContain(`<li>${words}</li>`);
    }
    expect(page).toContain('<form method="post" action="/interaction/u1/confirm"><input type="hidden" name="csrf" value="csrf-2"><button class="button button-primary" type="submit">Allow</button></form>');
    expect(page).toContain('<form method="post" action="/interaction/u1/abort"><input type="hidden" name="csrf" value="csrf-2"><button class="button button-secondary" type="submit">Deny</button></form>');
    expect(page).toContain('<a href="https://rp.example/privacy" target="_blank" rel="noopener noreferrer">Privacy policy</a>');
    expect(page).toContain('<img class="logo" src="https://rp.example/logo.svg"');
  });

  it('describes phone, address, individual claims and hostile scopes safely', () => {
    const page = defaultViews.consent({ ...consent, client: { clientId: HOSTILE }, scopes: ['phone', 'address', HOSTILE, 'constructor'], claims: ['email', 'x_custom'] });
    expect(page).toContain('<li>Your phone number</li>');
    expect(page).toContain('<li>Your postal address</li>');
    expect(page).toContain('<li>Access to constructor</li>');
    expect(page).toContain('<li>These details: E-mail address, x_custom</li>');
    expect(page).toContain(`<li>Access to ${escapeHtml(HOSTILE)}</li>`);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('"onmouseover=');
  });
});

describe('logout and error views', () => {
  it('posts xsrf, hidden fields and logout=yes only from "Sign out"', () => {
    const page = defaultViews.logoutConfirm({ nonce, action: '/session/end/confirm', xsrf: 'x1', hiddenFields: { state: HOSTILE, logout: 'yes', xsrf: 'forged' } });
    expect(page).toContain('<form method="post" action="/session/end/confirm">');
    expect(page).toContain('<input type="hidden" name="xsrf" value="x1">');
    expect(page).toContain(`<input type="hidden" name="state" value="${escapeHtml(HOSTILE)}">`);
    expect(page.match(/name="logout"/g)).toHaveLength(1);
    expect(page).not.toContain('forged');
    expect(page).toContain('<button class="button button-primary" type="submit" name="logout" value="yes" autofocus>Sign out</button>');
    expect(page).toContain('<button class="button button-secondary" type="submit">Stay signed in</button>');
  });

  it('escapes the client name after logout', () => {
    const page = defaultViews.logoutSuccess({ nonce, clientName: HOSTILE });
    expect(page).toContain(`<strong>${escapeHtml(HOSTILE)}</strong>`);
    expect(page).not.toMatch(/<script/i);
  });

  it('shows a friendly error without a stack trace, and only a safe way back', () => {
    const stack = 'Database unreachable\n    at connect (/srv/app/db.js:10:5)\n    at async main (/srv/app/index.js:3:1)';
    const page = defaultViews.error({ nonce, title: 'Something went wrong', error: 'server_error', description: stack, status: 500, backUrl: 'javascript:alert(1)' });
    expect(page).toContain('Database unreachable');
    expect(page).not.toContain('/srv/app');
    expect(page).not.toContain('    at ');
    expect(page).toContain('Error code: server_error (500)');
    expect(page).not.toContain('javascript:');
    expect(page).not.toContain('Go back');
    expect(pages.error).toContain('<a class="button button-secondary" href="https://rp.example/">Go back</a>');
  });
});

describe('signup view', () => {
  it('renders username, e-mail and new-password fields, keeps values escaped and focuses the next empty one', () => {
    const page = defaultViews.signup({ nonce, action: '/signup', csrfToken: 'c3', error: HOSTILE, values: { username: HOSTILE } });
    expect(page).toContain('<form method="post" action="/signup">');
    expect(page).toContain('<input type="hidden" name="csrf" value="c3">');
    expect(inputTag(page, 'username')).toContain(`value="${escapeHtml(HOSTILE)}"`);
    expect(inputTag(page, 'email')).toMatch(/type="email" autocomplete="email"[^>]* autofocus/);
    expect(inputTag(page, 'password')).toContain('autocomplete="new-password"');
    expect(page).toContain('role="alert"');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('>Create account</button>');
  });
});

describe('resolveViews', () => {
  it('fills what is not overridden and uses what is', () => {
    const login: Views['login'] = () => '<p>custom</p>';
    const views = resolveViews({ login, consent: undefined });
    expect(views.login).toBe(login);
    expect(views.consent).toBe(defaultViews.consent);
    expect(resolveViews()).toBe(defaultViews);
  });

  it('rejects unknown names and non-functions, naming the option', () => {
    expect(() => resolveViews({ logn: () => '' } as unknown as Partial<Views>)).toThrow(/interactions\.views\.logn is not a view/);
    expect(() => resolveViews({ error: '<p>' } as unknown as Partial<Views>)).toThrow(ConfigurationError);
  });
});

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('palette', () => {
  // [foreground, background, minimum]: 4.5 for text (WCAG 1.4.3 AA), 3 for UI boundaries (1.4.11).
  const pairs: [keyof Palette, keyof Palette, number][] = [
    ['text', 'surface', 4.5], ['text', 'bg', 4.5], ['text', 'field', 4.5], ['muted', 'surface', 4.5], ['muted', 'bg', 4.5],
    ['accent', 'surface', 4.5], ['onAccent', 'accent', 4.5], ['onAccent', 'accentHover', 4.5], ['dangerText', 'dangerBg', 4.5],
    ['fieldBorder', 'surface', 3], ['fieldBorder', 'field', 3], ['accent', 'bg', 3],
  ];
  it.each([['light', lightPalette], ['dark', darkPalette]] as const)('%s scheme meets WCAG AA contrast', (_scheme, palette) => {
    for (const [fg, bg, min] of pairs) expect(contrast(palette[fg], palette[bg]), `${fg} on ${bg}`).toBeGreaterThanOrEqual(min);
  });
});

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'views');
const CSP = `default-src 'none'; style-src 'nonce-${nonce}'; img-src https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="12" fill="#0f766e"/><path d="M14 33 24 13l10 20h-5l-5-10-5 10z" fill="#fff"/></svg>`;
const viewports = [
  { label: 'desktop', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { label: 'mobile', viewport: { width: 390, height: 844 }, colorScheme: 'light' },
  { label: 'mobile-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark' },
] as const;

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Serves `body` at https://idp.test/<name> with a strict CSP, the logo from rp.example, nothing else. */
async function open(page: Page, body: string, problems: string[]): Promise<void> {
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === client.logoUri) return route.fulfill({ contentType: 'image/svg+xml', body: LOGO });
    if (url.startsWith('https://idp.test/')) {
      return route.fulfill({ contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': CSP }, body });
    }
    problems.push(`unexpected request ${url}`);
    return route.abort();
  });
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto('https://idp.test/page');
}

describe('in headless Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    try {
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    } catch (err) {
      if (process.env.CI === 'true') throw err;
      console.warn(`\n!!! SKIPPING the views browser tests: Chromium did not launch (${(err as Error).message.split('\n')[0]})\n`);
    }
    mkdirSync(outDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.for(viewports)('renders every page at $label under a strict CSP, and screenshots it', async ({ label, viewport, colorScheme }, ctx) => {
    if (!browser) return ctx.skip();
    const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
    try {
      for (const [name, body] of Object.entries(pages)) {
        writeFileSync(join(outDir, `${name}.html`), body);
        const page = await context.newPage();
        const problems: string[] = [];
        await open(page, body, problems);
        const palette = colorScheme === 'dark' ? darkPalette : lightPalette;
        // The nonce'd stylesheet applied (a blocked one would leave the browser's white background).
        expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), name).toBe(rgb(palette.bg));
        // Responsive: nothing wider than the viewport.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(true);
        // Touch targets: every visible input and button at least 44px tall.
        for (const control of await page.locator('input:not([type=hidden]), .button').all()) {
          expect((await control.boundingBox())?.height, name).toBeGreaterThanOrEqual(44);
        }
        await page.screenshot({ path: join(outDir, `${name}-${label}.png`), fullPage: true });
        expect(problems, name).toEqual([]);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });

  it('binds labels, autofocuses, shows the focus ring and never runs hostile markup', async (ctx) => {
    if (!browser) return ctx.skip();
    const page = await browser.newPage();
    try {
      const problems: string[] = [];
      await open(page, defaultViews.login({ ...login, client: { clientId: 'x', clientName: HOSTILE }, loginHint: HOSTILE, error: HOSTILE }), problems);
      expect(await page.getByLabel('Username or e-mail').getAttribute('name')).toBe('username');
      expect(await page.getByLabel('Password').getAttribute('name')).toBe('password');
      expect(await page.getByLabel('Username or e-mail').inputValue()).toBe(HOSTILE);
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('password');
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => [(document.activeElement as HTMLInputElement).name, getComputedStyle(document.activeElement as Element).outlineStyle])).toEqual(['username', 'solid']);
      expect(await page.getByRole('alert').textContent()).toBe(HOSTILE);
      expect(await page.locator('h1 + p strong').textContent()).toBe(HOSTILE);
      expect(await page.locator('script, [onmouseover]').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
