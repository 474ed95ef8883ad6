// The serial terminal: xterm.js on the port's WebSocket (/api/serial/{port}/ws). Output arrives as binary (UTF-8 bytes, written to
// xterm as they are); state and errors as JSON text, handed to .NET for the toolbar. Typing and pasting go out as {"type":"data"}; the
// server decides whether this user may type. The socket reconnects by itself; each connection starts with the log's last screenful.
import { Terminal } from '/js/vendor/xterm.js';
import { FitAddon } from '/js/vendor/addon-fit.js';

const themes = {
    dark: { background: '#14161a', foreground: '#d8dee9', cursor: '#d8dee9', selectionBackground: '#3b4252' },
    light: { background: '#fbfbf8', foreground: '#1f2328', cursor: '#1f2328', selectionBackground: '#c8d3e6',
        black: '#1f2328', white: '#6e7781', brightWhite: '#8c959f', yellow: '#8a6a00', brightYellow: '#7d5e00',
        green: '#1a7f37', brightGreen: '#116329', cyan: '#0b6e75', brightCyan: '#0a5c61' },
};

function ensureCss() {
    if (!document.querySelector('link[data-xterm-css]')) {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = '/js/vendor/xterm.css';
        link.dataset.xtermCss = '1';
        document.head.appendChild(link);
    }
}

export function start(element, port, dotnet, options) {
    ensureCss();
    const term = new Terminal({
        cursorBlink: true,
        fontSize: window.innerWidth < 600 ? 12 : (options.fontSize || 14),
        fontFamily: '"DejaVu Sans Mono", "Liberation Mono", ui-monospace, monospace',
        lineHeight: 1.15,
        scrollback: 5000,
        theme: options.dark ? themes.dark : themes.light,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    element.style.background = term.options.theme.background;
    const refit = () => { try { fit.fit(); } catch { /* not visible yet */ } };
    refit();
    const resize = new ResizeObserver(refit);
    resize.observe(element);

    let ws = null;
    let closed = false;
    let retry = null;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/serial/${encodeURIComponent(port)}/ws`;
    const status = (message) => dotnet.invokeMethodAsync('OnStatus', message).catch(() => { });

    function connect() {
        retry = null;
        const socket = new WebSocket(url);
        socket.binaryType = 'arraybuffer';
        ws = socket;
        socket.onopen = () => term.reset();
        socket.onmessage = (event) => {
            if (typeof event.data !== 'string') {
                term.write(new Uint8Array(event.data));
                return;
            }
            const message = JSON.parse(event.data);
            if (message.type === 'state') {
                element.dataset.canType = message.canType ? 'true' : 'false';
                element.dataset.connected = message.connected ? 'true' : 'false';
            }
            element.dataset.socket = 'open';
            status(message);
        };
        socket.onclose = () => {
            if (ws !== socket) {
                return;
            }
            element.dataset.socket = 'closed';
            status({ type: 'socket', message: closed ? 'closed' : 'reconnecting' });
            if (!closed) {
                retry = setTimeout(connect, 1000);
            }
        };
    }

    const send = (message) => {
        if (ws && ws.readyState === WebSocket.OPEN) {
            ws.send(JSON.stringify(message));
            return true;
        }
        return false;
    };

    // Typed keys and pasted text (xterm handles Ctrl+V / Ctrl+Shift+V and the context menu); the server paces multi-line input.
    term.onData((data) => send({ type: 'data', data }));
    term.onResize(({ cols, rows }) => send({ type: 'resize', cols, rows }));
    connect();

    return {
        sendBreak: () => send({ type: 'break' }),
        focus: () => term.focus(),
        setDark: (dark) => {
            term.options.theme = dark ? themes.dark : themes.light;
            element.style.background = term.options.theme.background;
        },
        text: () => {
            const buffer = term.buffer.active;
            const lines = [];
            for (let i = 0; i < buffer.length; i++) {
                lines.push(buffer.getLine(i).translateToString(true));
            }
            return lines.join('\n');
        },
        dispose: () => {
            closed = true;
            clearTimeout(retry);
            resize.disconnect();
            if (ws) {
                ws.close();
            }
            term.dispose();
        },
    };
}
