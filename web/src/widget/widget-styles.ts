/** Styles live inside the shadow root: the store's CSS cannot reach in, ours cannot leak out. */
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 28px; padding: 14px 20px;
  background: var(--accent); color: #fff; font-size: 15px; font-weight: 600; cursor: pointer; box-shadow: 0 6px 20px #0003; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; width: min(400px, calc(100vw - 24px)); height: min(620px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: var(--bg); color: var(--fg); border-radius: 16px; box-shadow: 0 12px 40px #0004; overflow: hidden; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--accent); color: #fff; }
header h2 { margin: 0; font-size: 16px; flex: 1; }
header button { background: transparent; color: #fff; border: 1px solid #fff8; border-radius: 8px; padding: 4px 8px; cursor: pointer; font-size: 12px; }
.status { font-size: 12px; opacity: .9; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; }
.msg, .cards, .chips, .notice { flex-shrink: 0; }
.msg { max-width: 88%; padding: 9px 12px; border-radius: 12px; line-height: 1.4; font-size: 14px; white-space: pre-wrap; word-wrap: break-word; }
.msg.user { align-self: flex-end; background: var(--accent); color: #fff; }
.msg.assistant { align-self: flex-start; background: var(--bubble); }
.msg .rate { display: flex; gap: 6px; margin-top: 6px; }
.msg .rate button { border: 1px solid var(--line); background: transparent; color: var(--fg); border-radius: 6px; cursor: pointer; font-size: 12px; padding: 2px 6px; }
.msg .rate button[aria-pressed="true"] { background: var(--accent); color: #fff; }
.cards { display: flex; gap: 8px; overflow-x: auto; padding-bottom: 4px; }
.card { flex: 0 0 190px; border: 1px solid var(--line); border-radius: 12px; padding: 8px; background: var(--bg); display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
.card img { width: 100%; height: 110px; object-fit: cover; border-radius: 8px; background: var(--bubble); }
.card .title { font-weight: 600; }
.card .price { font-weight: 700; }
.card .meta { opacity: .8; font-size: 12px; }
.card ul { margin: 0; padding-left: 16px; font-size: 12px; }
.card .actions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: auto; }
.card .actions button, .card .actions a { font-size: 11px; border: 1px solid var(--line); background: transparent; color: var(--fg); border-radius: 6px; padding: 3px 6px; cursor: pointer; text-decoration: none; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chips button { border: 1px solid var(--accent); color: var(--accent); background: transparent; border-radius: 14px; padding: 4px 10px; font-size: 12px; cursor: pointer; }
.typing { font-size: 12px; opacity: .7; padding: 0 12px 6px; }
form { display: flex; gap: 6px; padding: 10px; border-top: 1px solid var(--line); }
form input { flex: 1; border: 1px solid var(--line); border-radius: 10px; padding: 9px 10px; font-size: 14px; background: var(--bg); color: var(--fg); }
form button { border: 0; border-radius: 10px; padding: 0 14px; background: var(--accent); color: #fff; font-weight: 600; cursor: pointer; }
footer { font-size: 11px; opacity: .7; padding: 0 12px 8px; display: flex; justify-content: space-between; }
footer button { font-size: 11px; background: none; border: 0; color: var(--accent); cursor: pointer; text-decoration: underline; }
.compare { border-collapse: collapse; font-size: 12px; width: 100%; }
.compare th, .compare td { border: 1px solid var(--line); padding: 3px 5px; text-align: left; vertical-align: top; }
.about { border-top: 1px solid var(--line); padding: 8px 12px; font-size: 13px; display: flex; flex-direction: column; gap: 6px; max-height: 45%; overflow-y: auto; }
.about[hidden] { display: none; }
.about h3 { margin: 0; font-size: 14px; }
.about ul { margin: 0; padding-left: 18px; }
.about input { margin-left: 4px; border: 1px solid var(--line); border-radius: 6px; padding: 3px 6px; background: var(--bg); color: var(--fg); }
.about-actions { display: flex; gap: 6px; }
.about-actions button { border: 1px solid var(--line); background: transparent; color: var(--fg); border-radius: 6px; padding: 3px 8px; cursor: pointer; font-size: 12px; }
footer span button { margin-left: 8px; }
.notice { font-size: 12px; padding: 6px 10px; border-radius: 8px; background: #f59e0b22; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; } .launcher { right: 12px; bottom: 12px; } }
`;

export const THEME = {
  light: '--bg:#ffffff;--fg:#1f2328;--bubble:#f1f3f5;--line:#d0d7de;--accent:#2457d6;',
  dark: '--bg:#1c1f24;--fg:#e6e8eb;--bubble:#2a2f36;--line:#3d444d;--accent:#5b8def;',
};
