// Uploads a chosen file into KvmPortal's image store in chunks that the server can resume: each chunk is a raw body to
// /api/msd/write?offset=&total= (PiKVM's write, with KvmPortal's total= so that a chunk is kept as part of the whole). After a lost
// connection it asks /api/msd/partial how much arrived and continues there. Reports progress to .NET at most 5 times a second.
const chunkSize = 64 * 1024 * 1024;
const retries = 8;

function send(url, body, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => resolve({ status: 0, text: '' });
    xhr.onabort = () => resolve({ status: 0, text: '' });
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.send(body);
  });
}

async function serverHas(name) {
  try {
    const r = await fetch(`/api/msd/partial?image=${encodeURIComponent(name)}`, { credentials: 'same-origin' });
    if (!r.ok) return null;
    return (await r.json()).result;
  } catch { return null; }
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

export function choose(input) { input.click(); }

export async function upload(input, dotnet, chunk) {
  const file = input.files && input.files[0];
  if (!file) return false;
  input.value = '';
  const size = chunk || chunkSize;
  const name = file.name;
  let last = 0;
  const report = (sent, force) => {
    const now = performance.now();
    if (force || now - last > 200) { last = now; dotnet.invokeMethodAsync('OnUploadProgress', name, sent, file.size); }
  };
  const state = await serverHas(name);
  let offset = state && !state.complete && !state.active ? state.written : 0;
  if (offset > 0) dotnet.invokeMethodAsync('OnUploadResumed', name, offset, file.size);
  report(offset, true);
  let failures = 0;
  while (true) {
    const end = Math.min(file.size, offset + size);
    const url = `/api/msd/write?image=${encodeURIComponent(name)}&offset=${offset}&total=${file.size}`;
    const r = await send(url, file.slice(offset, end), (loaded) => report(offset + loaded, false));
    if (r.status >= 200 && r.status < 300) {
      failures = 0;
      const image = JSON.parse(r.text).result.image;
      if (image.complete) { report(file.size, true); dotnet.invokeMethodAsync('OnUploadDone', name, r.status, ''); return true; }
      offset = image.written;
      continue;
    }
    // Lost connection or a server-side interruption: ask how much arrived and go on from there.
    const retry = r.status === 0 || (r.status >= 500 && r.status !== 507) || (r.status === 409 && /OffsetMismatch|TransferInProgress/.test(r.text));
    if (!retry || ++failures > retries) { dotnet.invokeMethodAsync('OnUploadDone', name, r.status, r.text.slice(0, 500)); return false; }
    dotnet.invokeMethodAsync('OnUploadInterrupted', name, failures);
    await wait(Math.min(10000, 500 * 2 ** failures));
    const now = await serverHas(name);
    offset = now && !now.complete ? now.written : offset;
  }
}
