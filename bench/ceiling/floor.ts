/** TrustPath's `GET /health/live` body: the raw floor answers it too, and the auth-audit group checks TrustPath's against it. */
export const LIVE_BODY = '{"status":"ok"}';
