/**
 * The way back to an application from the "still signed in" page: its own address (`client_uri`) when its
 * registration gives an http(s) one. Anything else (javascript:, data:, a relative path) is no link at all.
 */
export function applicationLink(client: { client_uri?: string } | undefined): string | undefined {
  const uri = client?.client_uri;
  if (uri === undefined || !/^https?:\/\//i.test(uri)) return undefined;
  try {
    return new URL(uri).toString();
  } catch {
    return undefined;
  }
}
