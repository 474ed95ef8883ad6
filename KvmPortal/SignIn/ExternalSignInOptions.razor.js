// "Sign in with a passkey" on the login page: a username-less WebAuthn assertion (the authenticator picks the account).
const button = document.getElementById('passkey-signin');
const error = document.getElementById('passkey-error');

function show(message) {
  error.textContent = message;
  error.hidden = false;
}

async function signIn() {
  error.hidden = true;
  if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
    show('This browser does not support passkeys.');
    return;
  }
  try {
    const options = await fetch('/Account/Passkey/options', { method: 'POST', credentials: 'same-origin' });
    if (!options.ok) {
      show('Passkey sign-in is not available.');
      return;
    }
    const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(await options.json()) });
    const returnUrl = encodeURIComponent(button.dataset.returnUrl || '/');
    const answer = await fetch(`/Account/Passkey/signin?returnUrl=${returnUrl}`, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credential.toJSON()),
    });
    const body = await answer.json();
    if (answer.ok) {
      location.assign(body.redirect);
    } else {
      show(body.error || 'This passkey was not accepted.');
    }
  } catch (e) {
    show(e && e.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.' : `Passkey sign-in failed (${e && e.message}).`);
  }
}

button?.addEventListener('click', signIn);
button?.setAttribute('data-ready', 'true');
