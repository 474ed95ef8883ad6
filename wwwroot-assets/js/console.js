// KvmPortal console: video on a canvas from the frame WebSocket, keyboard and mouse capture sent over the Blazor circuit.
// Loaded as an ES module by Console.razor (JS interop); one instance per console page.

const MAX_ABS = 32767;

const CODEC_KEY = 'kvm.video.codec';

// The codec this browser asks for: the user's choice (View menu, kept in local storage per user name, so two accounts sharing a
// browser keep their own), H.264 when WebCodecs can decode it.
const codecKey = (user) => (user ? `${CODEC_KEY}:${user}` : CODEC_KEY);

export function preferredCodec(user) {
  const stored = localStorage.getItem(codecKey(user));
  if (stored === 'mjpeg') return 'mjpeg';
  return typeof VideoDecoder === 'function' ? 'h264' : 'mjpeg';
}

// avc1.PPCCLL from the first SPS of an Annex-B access unit (profile_idc, constraint flags, level_idc), or null.
function avcCodec(bytes) {
  for (let i = 0; i + 7 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1 && (bytes[i + 3] & 0x1f) === 7) {
      const hex = (b) => b.toString(16).padStart(2, '0').toUpperCase();
      return `avc1.${hex(bytes[i + 4])}${hex(bytes[i + 5])}${hex(bytes[i + 6])}`;
    }
  }
  return null;
}

export function start(root, dotnet, options) {
  const canvas = root.querySelector('canvas');
  const ctx = canvas.getContext('2d');
  const state = { socket: null, closed: false, lastMove: null, moveQueued: false, frames: 0, latencySum: 0, latencyCount: 0, last: null,
    fresh: false, relative: options.relativeMouse === true, buttons: 0, keysDown: new Set(), video: { w: 0, h: 0 },
    want: preferredCodec(options.user), codec: null, bytes: 0, decoder: null, decoderCodec: null, needKey: true, lastKeyAsk: 0, info: null };

  // Once a second: what was drawn in that second (a static screen sends no new frames, so this must not wait for one). The latency
  // is the mean of the frames that arrived in that second, each measured when it was painted; -1 when none arrived.
  const sendStats = () => {
    if (!state.last) return;
    const { width, height, signal } = state.last;
    const latency = state.latencyCount > 0 ? Math.round(state.latencySum / state.latencyCount) : -1;
    const kbps = Math.round(state.bytes * 8 / 1000);
    dotnet.invokeMethodAsync('OnVideoStats', width, height, state.frames, latency, signal, state.codec || '', kbps);
    state.frames = 0; state.latencySum = 0; state.latencyCount = 0; state.bytes = 0;
  };
  const statsTimer = setInterval(sendStats, 1000);

  function paint(source, width, height, captured, signal, codec) {
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    ctx.drawImage(source, 0, 0, width, height);
    state.video = { w: width, h: height };
    root.dataset.signal = String(signal);
    root.dataset.codec = codec;
    state.codec = codec;
    state.frames++;
    // The first frame after connecting is the newest already captured (maybe long ago on a static screen): not a latency sample.
    if (state.fresh) { state.latencySum += Math.max(0, Date.now() - captured); state.latencyCount++; }
    state.fresh = true;
    const first = !state.last;
    state.last = { width, height, signal };
    if (first) sendStats(); // say the picture's size at once instead of "connecting" for a second
    root.dataset.frames = String(Number(root.dataset.frames || 0) + 1);
  }

  function send(text) { if (state.socket && state.socket.readyState === WebSocket.OPEN) state.socket.send(text); }

  function closeDecoder() {
    if (state.decoder && state.decoder.state !== 'closed') { try { state.decoder.close(); } catch { /* already closed */ } }
    state.decoder = null; state.decoderCodec = null; state.needKey = true;
  }

  // H.264 cannot be shown here (no WebCodecs, the profile is unsupported, the decoder failed): MJPEG from now on, by itself.
  function fallback(reason) {
    closeDecoder();
    root.dataset.codecFallback = reason;
    state.want = 'mjpeg';
    send('mjpeg');
  }

  function askKey() {
    const now = Date.now();
    if (now - state.lastKeyAsk > 1000) { state.lastKeyAsk = now; send('key'); }
  }

  function decodeH264(payload, key, info) {
    if (typeof VideoDecoder !== 'function') { fallback('no VideoDecoder'); return; }
    const codec = key ? (avcCodec(payload) || 'avc1.42E01F') : state.decoderCodec;
    if (!state.decoder) {
      state.decoder = new VideoDecoder({
        output: (frame) => {
          const i = state.info || info;
          paint(frame, frame.displayWidth, frame.displayHeight, frame.timestamp / 1000, i.signal, 'h264');
          frame.close();
        },
        error: (e) => fallback(`decoder: ${e && e.message ? e.message : e}`),
      });
    }
    if (key && (codec !== state.decoderCodec || state.decoder.state !== 'configured')) {
      try {
        state.decoder.configure({ codec, optimizeForLatency: true });
      } catch (e) { fallback(`configure ${codec}: ${e && e.message ? e.message : e}`); return; }
      state.decoderCodec = codec;
    }
    if (state.needKey && !key) { askKey(); return; }
    if (state.decoder.state !== 'configured') { askKey(); return; }
    state.needKey = false;
    state.info = info;
    state.decoder.decode(new EncodedVideoChunk({ type: key ? 'key' : 'delta', timestamp: info.captured * 1000, data: payload }));
  }

  function connect() {
    if (state.closed) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${proto}//${location.host}/api/streamer/ws?codec=${state.want}`);
    socket.binaryType = 'arraybuffer';
    state.socket = socket;
    state.needKey = true;
    socket.onmessage = async (event) => {
      if (typeof event.data === 'string') {
        // The server could not encode H.264 (its encoder failed): it says why and sends MJPEG from now on.
        if (event.data.startsWith('h264-error ')) fallback(`server: ${event.data.slice(11)}`);
        return;
      }
      const view = new DataView(event.data);
      const captured = Number(view.getBigInt64(0, true));
      const width = view.getUint16(8, true);
      const height = view.getUint16(10, true);
      const signal = view.getUint16(12, true);
      const codec = view.getUint8(14);
      const key = (view.getUint8(15) & 1) === 1;
      state.bytes += event.data.byteLength;
      const payload = new Uint8Array(event.data, 16);
      if (codec === 1) {
        if (state.want === 'h264') decodeH264(payload, key, { captured, width, height, signal });
        return;
      }
      const bitmap = await createImageBitmap(new Blob([payload], { type: 'image/jpeg' }));
      paint(bitmap, width, height, captured, signal, 'mjpeg');
      bitmap.close();
    };
    socket.onclose = () => {
      root.dataset.stream = 'closed';
      closeDecoder();
      if (state.closed) return;
      // A stream that ends may mean this user was signed out (disabled, forced logout): ask once, and go to the login page
      // with a word of explanation instead of retrying forever.
      fetch('/api/auth/check', { credentials: 'same-origin', cache: 'no-store' })
        .then((r) => { if (r.status === 401 || r.status === 403) { state.closed = true; location.href = '/Account/Login?signedOut=1'; } else setTimeout(connect, 1000); })
        .catch(() => setTimeout(connect, 1000));
    };
    socket.onopen = () => { root.dataset.stream = 'open'; state.fresh = false; };
  }

  // Where the picture really is inside the canvas element (object-fit: contain leaves bars on two sides).
  function toAbsolute(clientX, clientY) {
    const rect = canvas.getBoundingClientRect();
    const vw = canvas.width || 1, vh = canvas.height || 1;
    const scale = Math.min(rect.width / vw, rect.height / vh);
    const drawnW = vw * scale, drawnH = vh * scale;
    const left = rect.left + (rect.width - drawnW) / 2, top = rect.top + (rect.height - drawnH) / 2;
    const x = Math.min(Math.max((clientX - left) / drawnW, 0), 1);
    const y = Math.min(Math.max((clientY - top) / drawnH, 0), 1);
    return [Math.round(x * MAX_ABS), Math.round(y * MAX_ABS)];
  }

  function flushMove() {
    state.moveQueued = false;
    const m = state.lastMove;
    if (!m) return;
    state.lastMove = null;
    if (m.relative) dotnet.invokeMethodAsync('OnMouseRelative', m.dx, m.dy);
    else dotnet.invokeMethodAsync('OnMouseAbsolute', m.x, m.y);
  }

  function queueMove(move) {
    if (move.relative && state.lastMove && state.lastMove.relative) { state.lastMove.dx += move.dx; state.lastMove.dy += move.dy; }
    else state.lastMove = move;
    if (!state.moveQueued) { state.moveQueued = true; requestAnimationFrame(flushMove); }
  }

  const onKey = (pressed) => (e) => {
    if (e.isComposing) return;
    e.preventDefault();
    if (pressed && e.repeat) return;
    if (pressed) state.keysDown.add(e.code); else state.keysDown.delete(e.code);
    flushMove();
    dotnet.invokeMethodAsync('OnKey', e.code, pressed);
  };
  const onMouseMove = (e) => {
    if (state.relative && document.pointerLockElement === canvas) queueMove({ relative: true, dx: e.movementX, dy: e.movementY });
    else if (!state.relative) { const [x, y] = toAbsolute(e.clientX, e.clientY); queueMove({ relative: false, x, y }); }
  };
  const onButton = (pressed) => (e) => {
    e.preventDefault();
    root.focus();
    if (state.relative && pressed && document.pointerLockElement !== canvas) { canvas.requestPointerLock(); return; }
    if (!state.relative) { const [x, y] = toAbsolute(e.clientX, e.clientY); state.lastMove = { relative: false, x, y }; }
    flushMove();
    dotnet.invokeMethodAsync('OnMouseButton', e.button, pressed);
  };
  const onWheel = (e) => {
    e.preventDefault();
    const v = Math.sign(-e.deltaY), h = Math.sign(e.deltaX);
    if (v || h) dotnet.invokeMethodAsync('OnWheel', v, h);
  };
  const releaseAll = () => { state.keysDown.clear(); dotnet.invokeMethodAsync('OnReleaseAll'); };
  const onVisibility = () => { if (document.hidden) releaseAll(); };
  const onTouch = (pressed) => (e) => {
    const t = (pressed ? e.changedTouches : e.changedTouches)[0];
    if (!t) return;
    e.preventDefault();
    const [x, y] = toAbsolute(t.clientX, t.clientY);
    state.lastMove = { relative: false, x, y };
    flushMove();
    dotnet.invokeMethodAsync('OnMouseButton', 0, pressed);
    if (pressed) dotnet.invokeMethodAsync('OnTouched');
  };
  const onPointerLock = () => dotnet.invokeMethodAsync('OnCaptureChanged', document.pointerLockElement === canvas);
  const onTouchMove = (e) => { const t = e.touches[0]; if (!t) return; e.preventDefault(); const [x, y] = toAbsolute(t.clientX, t.clientY); queueMove({ relative: false, x, y }); };

  // Logging out: the stream's end that follows is expected; going to the login page from here would cancel the logout's own navigation
  // (to the identity provider's sign-out page) while its response is still on the way.
  const onSubmit = (e) => { if (e.target instanceof HTMLFormElement && /\/Account\/Logout$/i.test(new URL(e.target.action, location.href).pathname)) state.closed = true; };

  const handlers = [
    [document, 'submit', onSubmit],
    [root, 'keydown', onKey(true)], [root, 'keyup', onKey(false)], [root, 'blur', releaseAll],
    [canvas, 'mousemove', onMouseMove], [canvas, 'mousedown', onButton(true)], [canvas, 'mouseup', onButton(false)],
    [canvas, 'contextmenu', (e) => e.preventDefault()], [canvas, 'wheel', onWheel],
    [canvas, 'touchstart', onTouch(true)], [canvas, 'touchend', onTouch(false)], [canvas, 'touchmove', onTouchMove],
    [document, 'visibilitychange', onVisibility], [window, 'blur', releaseAll], [document, 'pointerlockchange', onPointerLock],
  ];
  for (const [target, name, fn] of handlers) target.addEventListener(name, fn, name === 'wheel' || name.startsWith('touch') ? { passive: false } : undefined);
  connect();

  return {
    setRelative(value) { state.relative = value; if (!value && document.pointerLockElement === canvas) document.exitPointerLock(); },
    async fullscreen() {
      await root.requestFullscreen();
      if (navigator.keyboard && navigator.keyboard.lock) { try { await navigator.keyboard.lock(); } catch { /* not granted */ } }
    },
    screenshot(name) {
      const a = document.createElement('a');
      a.href = canvas.toDataURL('image/png');
      a.download = name;
      a.click();
    },
    focus() { root.focus(); },
    // The View menu's choice: remembered in this browser; H.264 falls back to MJPEG by itself where it cannot be decoded.
    setCodec(codec) {
      localStorage.setItem(codecKey(options.user), codec);
      delete root.dataset.codecFallback;
      state.want = codec === 'h264' && typeof VideoDecoder === 'function' ? 'h264' : 'mjpeg';
      if (codec === 'h264' && state.want !== 'h264') root.dataset.codecFallback = 'no VideoDecoder';
      closeDecoder();
      send(state.want);
      return state.want;
    },
    codec() { return state.want; },
    releaseCapture() { if (document.pointerLockElement === canvas) document.exitPointerLock(); },
    dispose() {
      state.closed = true;
      clearInterval(statsTimer);
      for (const [target, name, fn] of handlers) target.removeEventListener(name, fn);
      if (state.socket) state.socket.close();
      closeDecoder();
    },
  };
}
