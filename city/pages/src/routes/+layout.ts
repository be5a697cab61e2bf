// Everything happens in the browser: the session cookie and the socket live there.
export const ssr = false;
export const prerender = false;
