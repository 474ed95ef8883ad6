// Remembers the chosen theme on this browser too, so the login page is drawn in it before anyone has signed in.
export function remember(name, value) {
    document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=strict`;
}
