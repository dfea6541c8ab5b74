import { darkPalette, lightPalette, type Palette } from './palette.js';

function variables(palette: Readonly<Palette>): string {
  // camelCase keys become --kebab-case custom properties: fieldBorder → --field-border.
  return Object.entries(palette)
    .map(([key, value]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${value};`)
    .join('');
}

/**
 * The one stylesheet of the built-in pages, served inline as `<style nonce="…">`.
 * Mobile-first; every control is at least 44px tall; focus is always visible; no external fonts
 * (the system font stack), no images, no `@import`, so the CSP can stay at `default-src 'none'`.
 */
export const STYLESHEET = `
:root{color-scheme:light dark;${variables(lightPalette)}}
@media (prefers-color-scheme:dark){:root{${variables(darkPalette)}}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:400 1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif;-webkit-font-smoothing:antialiased}
.page{display:flex;flex-direction:column;align-items:center;min-height:100vh;padding:1rem}
.card{width:100%;max-width:26rem;background:var(--surface);border:1px solid var(--border);border-radius:.875rem;padding:1.75rem 1.25rem;box-shadow:0 1px 2px rgb(16 24 40/.05),0 12px 32px rgb(16 24 40/.07)}
@media (min-width:30rem){.page{justify-content:center;padding:2.5rem 1rem}.card{padding:2.5rem 2.25rem}}
.header{display:flex;flex-direction:column;align-items:center;text-align:center;margin-bottom:1.75rem}
.header:last-child{margin-bottom:0}
.logo,.monogram{width:3rem;height:3rem;border-radius:.75rem;margin-bottom:1rem}
.logo{object-fit:contain}
.monogram{display:grid;place-items:center;font-size:1.25rem;font-weight:650;color:var(--accent);background:color-mix(in srgb,var(--accent) 13%,var(--surface))}
h1{margin:0;font-size:1.375rem;line-height:1.3;font-weight:650;letter-spacing:-.01em;overflow-wrap:anywhere}
.lead{margin:.5rem 0 0;color:var(--muted);overflow-wrap:anywhere}
.lead strong{color:var(--text);font-weight:600}
p{margin:0 0 1rem}
.field{display:flex;flex-direction:column;gap:.375rem;margin-bottom:1.125rem}
label{font-size:.9375rem;font-weight:550}
input{width:100%;min-height:2.75rem;padding:.625rem .75rem;font:inherit;color:var(--text);background:var(--field);border:1px solid var(--field-border);border-radius:.5rem;transition:border-color .15s}
input:hover{border-color:var(--muted)}
input[aria-invalid="true"]{border-color:var(--danger-text)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
input:focus-visible{outline-offset:1px;border-color:var(--accent)}
form{margin:0}
.actions{display:flex;flex-direction:column;gap:.75rem;margin-top:1.5rem}
.actions-follow{margin-top:.75rem}
.button{display:flex;align-items:center;justify-content:center;width:100%;min-height:2.75rem;padding:.625rem 1rem;font:inherit;font-weight:600;line-height:1.25;text-align:center;text-decoration:none;border:1px solid transparent;border-radius:.5rem;cursor:pointer;transition:background-color .15s,border-color .15s}
.button-primary{background:var(--accent);color:var(--on-accent)}
.button-primary:hover{background:var(--accent-hover)}
.button-secondary{background:var(--surface);color:var(--text);border-color:var(--field-border)}
.button-secondary:hover{background:var(--bg)}
.alert{margin:0 0 1.25rem;padding:.75rem .875rem;font-size:.9375rem;color:var(--danger-text);background:var(--danger-bg);border:1px solid var(--danger-border);border-radius:.5rem}
.alert p{margin:0}
.alert p+p{margin-top:.25rem}
.section-title{margin:0 0 .5rem;font-size:.875rem;font-weight:600;color:var(--muted)}
.scopes{list-style:none;margin:0;padding:0;border:1px solid var(--border);border-radius:.625rem}
.scopes li{display:flex;align-items:flex-start;gap:.75rem;padding:.75rem .875rem;overflow-wrap:anywhere}
.scopes li+li{border-top:1px solid var(--border)}
.scopes li::before{content:"";flex:none;width:.375rem;height:.75rem;margin:.3rem .25rem 0 .375rem;border:solid var(--accent);border-width:0 2px 2px 0;transform:rotate(45deg)}
.footer{margin:1.5rem 0 0;padding-top:1.25rem;border-top:1px solid var(--border);font-size:.875rem;color:var(--muted);text-align:center}
.footer p{margin:0}
.footer a{white-space:nowrap}
.footer p+p{margin-top:.5rem}
a{color:var(--accent);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
.badge{display:grid;place-items:center;width:3rem;height:3rem;margin:0 auto 1rem;border-radius:50%;font-size:1.375rem;font-weight:700}
.badge-ok{color:var(--accent);background:color-mix(in srgb,var(--accent) 13%,var(--surface))}
.badge-error{color:var(--danger-text);background:var(--danger-bg)}
.code{margin:1.25rem 0 0;font:.8125rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);text-align:center;overflow-wrap:anywhere}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}
@media (forced-colors:active){.button{border-color:ButtonText}.scopes li::before{border-color:CanvasText}}
`.trim();
