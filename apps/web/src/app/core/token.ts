const KEY = 'simscope.token';

/** The write token the user entered (servers with SIMSCOPE_API_TOKEN set require it for writes and the socket). */
export function storedToken(): string | undefined {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeToken(token: string): void {
  if (token) {
    localStorage.setItem(KEY, token);
  } else {
    localStorage.removeItem(KEY);
  }
}
