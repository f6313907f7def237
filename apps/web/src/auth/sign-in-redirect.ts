/**
 * When the server says nobody is signed in (GraphQL code UNAUTHENTICATED, HTTP 401, or a websocket
 * closed with 4401/4403), the app sends the browser to `/login`, which brings it back afterwards.
 */
export const LOGIN_PATH = '/login';
/** graphql-ws close codes: not signed in, and credential revoked. */
export const UNAUTHORIZED_CLOSE_CODES: readonly number[] = [4401, 4403];

/** Whether an Apollo error (or anything thrown by a link) means "sign in first". */
export function isUnauthenticated(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { statusCode, errors, result } = error as { statusCode?: unknown; errors?: unknown; result?: unknown };
  if (statusCode === 401) return true;
  const list = Array.isArray(errors) ? errors : Array.isArray((result as { errors?: unknown } | undefined)?.errors) ? (result as { errors: unknown[] }).errors : [];
  return list.some((e) => (e as { extensions?: { code?: unknown } } | null)?.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * Where to go after signing in: a path of this app only (`/notebooks/x?y`), never another site
 * (`//evil.example`, `https://…`) — the login page must not become an open redirect.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next.startsWith(LOGIN_PATH) ? '/' : next;
}

/** The login page address that returns to `currentPath`. */
export function loginPathFor(currentPath: string): string {
  const next = safeNextPath(currentPath);
  return next === '/' ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

/** The server's sign-in routes, next to its GraphQL endpoint. */
export function authUrl(graphqlEndpoint: string, route: 'login' | 'logout' | 'link'): string {
  return new URL(`/auth/${route}`, graphqlEndpoint).toString();
}

/** Sends the browser to the login page (once), unless it is there already. */
export function redirectToLogin(): void {
  if (typeof window === 'undefined' || window.location.pathname === LOGIN_PATH) return;
  window.location.assign(loginPathFor(window.location.pathname + window.location.search));
}
