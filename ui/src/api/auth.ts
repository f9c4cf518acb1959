// The server may require a bearer token. It is handed to the page once as `?token=`, kept for the
// session, and removed from the address bar so it does not end up in history or screenshots.

const KEY = 'mnemo.token';

let token: string | null = null;

export function initAuth(loc: Location = window.location, hist: History = window.history): void {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    token = fromUrl;
    try {
      sessionStorage.setItem(KEY, fromUrl);
      localStorage.setItem(KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page's lifetime.
    }
    url.searchParams.delete('token');
    hist.replaceState(hist.state, '', url.pathname + url.search + url.hash);
    return;
  }
  try {
    token = sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
  } catch {
    token = null;
  }
}

export function authToken(): string | null {
  return token;
}

export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** EventSource cannot set headers, so its URL carries the token instead. */
export function withTokenParam(url: string): string {
  if (!token) return url;
  return url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
}
