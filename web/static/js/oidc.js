// "Sign in with <provider>": the authorization-code flow with PKCE (RFC 7636). The provider
// sends the browser back here with a code, which the service exchanges (POST /v1/auth/token):
// the page talks to nobody but the service and the provider's own sign-in page. The token
// then works like a key: sessionStorage only, gone when the tab closes.

const PENDING = "talent-insights.sign-in";

function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random(size) {
  const bytes = new Uint8Array(size);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

async function challengeFor(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

// Where the provider sends the browser back: this page, without query or fragment (the
// provider must know it exactly: register it as the client's redirect URI).
export const redirectUri = () => location.origin + location.pathname;

// How this service takes sign-ins (GET /v1/auth/config, no key needed).
export async function config() {
  try {
    const response = await fetch("/v1/auth/config");
    return response.ok ? await response.json() : { sign_in: null };
  } catch {
    return { sign_in: null };
  }
}

export async function begin(signIn) {
  if (!crypto.subtle) throw new Error("Sign-in needs a secure page: open the app over https.");
  const verifier = random(48);
  const state = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(signIn.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: signIn.client_id,
    redirect_uri: redirectUri(),
    scope: signIn.scope,
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

// Back from the provider (?code=…&state=…, or ?error=…): the token, or null when this page
// load is not a return from the provider. The query is removed from the address at once.
export async function finish() {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, "", redirectUri() + location.hash);
  // Checked first: a link can carry any code, error or text; only a return to a sign-in
  // this tab started (its random state) is read at all.
  if (!pending || params.get("state") !== pending.state) {
    throw new Error("This sign-in was not started from this tab; please sign in again.");
  }
  if (params.has("error")) {
    throw new Error(`The sign-in was not completed: ${params.get("error_description") || params.get("error")}`);
  }
  const response = await fetch("/v1/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      code: params.get("code"),
      code_verifier: pending.verifier,
      redirect_uri: redirectUri(),
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `The sign-in failed (HTTP ${response.status}).`);
  return body.access_token;
}
