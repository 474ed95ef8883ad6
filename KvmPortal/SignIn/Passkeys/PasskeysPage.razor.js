// "Add a passkey" on the passkeys page: a WebAuthn registration (resident key, user verification), then the page reloads.
const button = document.getElementById('passkey-add');
const name = document.getElementById('passkey-name');
const error = document.getElementById('passkey-error');

function show(message) {
  error.textContent = message;
  error.hidden = false;
}

async function add() {
  error.hidden = true;
  if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
    show('This browser does not support passkeys.');
    return;
  }
  try {
    const options = await fetch('/Account/TwoFactor/Passkeys/options', { method: 'POST', credentials: 'same-origin' });
    if (!options.ok) {
      show((await options.json().catch(() => ({}))).error || 'Passkeys are not available.');
      return;
    }
    const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(await options.json()) });
    const answer = await fetch(`/Account/TwoFactor/Passkeys/register?name=${encodeURIComponent(name.value)}`, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credential.toJSON()),
    });
    if (answer.ok) {
      location.reload();
    } else {
      show((await answer.json()).error || 'The passkey was not added.');
    }
  } catch (e) {
    show(e && e.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.' : `Adding the passkey failed (${e && e.message}).`);
  }
}

button?.addEventListener('click', add);
button?.setAttribute('data-ready', 'true');
