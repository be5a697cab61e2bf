// Everything happens in the browser: the token, the session cookie and the socket all live there.
export const ssr = false;
export const prerender = false;
