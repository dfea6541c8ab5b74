/**
 * Pinecone Books' own look, shared by the shop's pages and the sign-in pages it gives the
 * provider, so that signing in feels like part of the shop. Served in a nonce'd `<style>` element.
 */
export const BRAND_STYLESHEET = `
:root{--ink:#1d2a22;--muted:#5a6b60;--paper:#f7f4ec;--card:#fffdf8;--pine:#1f6b46;--pine-dark:#16523a;--line:#d9d2c0;--danger:#a12d2d;--danger-bg:#fbeaea;--focus:#e0a100}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--paper)}
a{color:var(--pine-dark)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.topbar{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.75rem 1.5rem;background:var(--pine);color:#fff}
.topbar a{color:#fff;text-decoration:none}
.brand{font:700 1.25rem/1 Georgia,"Times New Roman",serif;letter-spacing:.02em}
.brand span{font-weight:400;opacity:.85}
.nav{display:flex;gap:1.25rem;align-items:center}
main{max-width:56rem;margin:0 auto;padding:2rem 1.5rem 3rem}
h1,h2{font-family:Georgia,"Times New Roman",serif;line-height:1.2}
.panel{max-width:26rem;margin:1.5rem auto;background:var(--card);border:1px solid var(--line);border-radius:4px;padding:2rem;box-shadow:0 2px 0 var(--line)}
.panel h1{margin:0 0 .25rem;font-size:1.6rem}
.panel .sub{margin:0 0 1.5rem;color:var(--muted)}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
input[type=text],input[type=password]{width:100%;min-height:44px;padding:.6rem .75rem;font:inherit;border:1px solid #8c8571;border-radius:4px;background:#fff;color:var(--ink)}
input[aria-invalid=true]{border-color:var(--danger)}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:.6rem 1.25rem;font:inherit;font-weight:600;line-height:1.2;border-radius:4px;border:2px solid var(--pine);cursor:pointer;text-decoration:none}
.primary{background:var(--pine);color:#fff}
.primary:hover{background:var(--pine-dark)}
.quiet{background:transparent;color:var(--pine-dark)}
.row{display:flex;gap:.75rem;margin-top:1.5rem;flex-wrap:wrap}
.row form{margin:0}
.wide{width:100%}
.error{margin:0 0 1rem;padding:.75rem 1rem;border-left:4px solid var(--danger);background:var(--danger-bg);color:var(--danger)}
.error p{margin:0}
.permissions{list-style:none;margin:0;padding:0;border-top:1px solid var(--line)}
.permissions li{padding:.6rem 0;border-bottom:1px solid var(--line)}
.permissions li::before{content:"\\2713";color:var(--pine);font-weight:700;margin-right:.6rem}
.fine{margin-top:1.5rem;font-size:.875rem;color:var(--muted)}
.books{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;list-style:none;padding:0}
.books li{background:var(--card);border:1px solid var(--line);border-radius:4px;padding:1rem}
.books strong{display:block;font-family:Georgia,serif;font-size:1.1rem}
.notice{padding:.75rem 1rem;border-left:4px solid var(--pine);background:#e9f3ec}
@media (prefers-color-scheme:dark){:root{--ink:#e8efe9;--muted:#a9b8ad;--paper:#141b17;--card:#1c2520;--line:#33423a;--pine:#2f8a5e;--pine-dark:#8fd1ad;--danger:#f19a9a;--danger-bg:#3a1d1d}
input[type=text],input[type=password]{background:#101613;color:var(--ink);border-color:#6c7d72}.notice{background:#1e3127}}
`;
