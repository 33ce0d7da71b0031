/**
 * The dashboard's URL with the admin token in it (as Jupyter prints its own): the page moves the
 * token into sessionStorage and takes it out of the address bar. A wildcard bind address is
 * replaced by loopback, the host the admin API answers to.
 */
export function dashboardUrl(endpoint: string, adminToken: string): string {
  const url = new URL(endpoint);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return `${url.origin}/_emulator/ui?token=${encodeURIComponent(adminToken)}`;
}
