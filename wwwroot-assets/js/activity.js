// Tells the server that a person is using this page (a key press, click, touch or wheel), at most once per interval the server
// names, so the session idle timeout (Settings → Sessions) sees typing on the console too. Watching alone sends nothing.
let interval = 0;
let last = -Infinity;
let sending = false;

async function ping() {
  try {
    const r = await fetch('/api/auth/activity', { method: 'POST', credentials: 'same-origin' });
    if (r.ok) interval = (await r.json()).ping_ms || 30000;
    else if (r.status === 401 || r.status === 403) interval = Infinity; // not signed in (login page) or signed out: stop asking
  } catch { /* offline: the next key press tries again */ }
}

function onActivity() {
  const now = performance.now();
  if (sending || now - last < interval) return;
  last = now;
  sending = true;
  ping().finally(() => { sending = false; });
}

for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
  document.addEventListener(type, onActivity, { capture: true, passive: true });
}
