import { authUrl, isUnauthenticated, loginPathFor, safeNextPath } from './sign-in-redirect';

describe('sign-in redirect', () => {
  it('recognises the server saying nobody is signed in, and nothing else', () => {
    expect(isUnauthenticated({ statusCode: 401 })).toBe(true);
    expect(isUnauthenticated({ errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] })).toBe(true);
    expect(isUnauthenticated({ statusCode: 401, result: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } })).toBe(true);
    expect(isUnauthenticated({ errors: [{ extensions: { code: 'FORBIDDEN' } }] })).toBe(false);
    expect(isUnauthenticated({ statusCode: 500 })).toBe(false);
    expect(isUnauthenticated(null)).toBe(false);
  });

  it('returns only to paths of this app', () => {
    expect(safeNextPath('/notebooks/demo?cell=3')).toBe('/notebooks/demo?cell=3');
    expect(safeNextPath('//evil.example/x')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example/')).toBe('/');
    expect(safeNextPath('/login?next=/x')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });

  it('builds the login address and the server routes', () => {
    expect(loginPathFor('/notebooks/demo')).toBe('/login?next=%2Fnotebooks%2Fdemo');
    expect(loginPathFor('/')).toBe('/login');
    expect(authUrl('http://127.0.0.1:4000/graphql', 'login')).toBe('http://127.0.0.1:4000/auth/login');
  });
});
