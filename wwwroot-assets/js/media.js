// Uploads a chosen file to PiKVM's /api/msd/write as a raw streamed body, reporting progress to .NET (at most 5 times a second).
export function upload(input, dotnet) {
  const file = input.files && input.files[0];
  if (!file) return false;
  const xhr = new XMLHttpRequest();
  let last = 0;
  xhr.upload.onprogress = (e) => {
    const now = performance.now();
    if (now - last > 200 || e.loaded === e.total) { last = now; dotnet.invokeMethodAsync('OnUploadProgress', file.name, e.loaded, e.total); }
  };
  xhr.onload = () => dotnet.invokeMethodAsync('OnUploadDone', file.name, xhr.status, xhr.responseText.slice(0, 500));
  xhr.onerror = () => dotnet.invokeMethodAsync('OnUploadDone', file.name, 0, 'network error');
  xhr.open('POST', `/api/msd/write?image=${encodeURIComponent(file.name)}`);
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.send(file);
  input.value = '';
  return true;
}
