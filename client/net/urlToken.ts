/** A token arrives once in the URL (`?token=`, the links `npm start` prints); it is kept for the tab under
 * `storageKey`, and taken out of the address bar so it is not bookmarked or shared by accident. */
export function takeUrlToken(storageKey: string): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(storageKey, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
  }
  return sessionStorage.getItem(storageKey);
}

/** Headers for the API with the token this tab holds (operator or trainer), so staff see residents' names. */
export function staffHeaders(): Record<string, string> {
  const token = sessionStorage.getItem('street-twin.token') ?? sessionStorage.getItem('street-twin.trainer-token');
  return token ? { authorization: `Bearer ${token}` } : {};
}
